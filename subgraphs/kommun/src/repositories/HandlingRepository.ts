import type { EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { queryRows } from '#platform/database/queryRows';
import type { Handling, Handlingstyp } from '../entities/Handling';

const SELECT_HANDLING = `SELECT id::text, diarienummer, titel, typ, to_char(datum, 'YYYY-MM-DD') AS datum, mediatyp, storlek, sha256, filnamn,
  uppdaterad FROM handling`;

/** A document with its file's bytes; null while it has no file. */
export interface Handlingsfil {
  handling: Handling;
  innehall: Buffer | null;
}

/**
 * Documents and their files. Every statement runs as the request's user, so row-level security
 * shows a document of a restricted ärende, and its bytes, only to those who may read it.
 */
export class HandlingRepository {
  constructor(private readonly db: Db) {}

  /** The document with its bytes; null when there is none, or none the request may see. */
  async fil(id: string): Promise<Handlingsfil | null> {
    const m = await this.db.manager();
    const [handling] = await queryRows<Handling>(m, `${SELECT_HANDLING} WHERE id = $1`, [id]);
    if (!handling) return null;
    const [fil] = await queryRows<{ innehall: Buffer }>(m, `SELECT innehall FROM handling_fil WHERE handling_id = $1`, [id]);
    return { handling, innehall: fil?.innehall ?? null };
  }

  // Writes: each takes the manager of the caller's transaction.

  /** A new document; null when the ärende already has one with that titel. */
  async insert(
    m: EntityManager,
    handling: { diarienummer: string; titel: string; typ: Handlingstyp; datum: string | null; filnamn: string },
  ): Promise<Handling | null> {
    const [row] = await queryRows<{ id: string; uppdaterad: Date }>(
      m,
      `INSERT INTO handling (diarienummer, titel, typ, datum, filnamn) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (diarienummer, titel) DO NOTHING RETURNING id::text, uppdaterad`,
      [handling.diarienummer, handling.titel, handling.typ, handling.datum, handling.filnamn],
    );
    if (!row) return null;
    return { ...handling, id: row.id, uppdaterad: row.uppdaterad, mediatyp: null, storlek: null, sha256: null };
  }

  /** The document, locked until the transaction ends; null when there is none the request may see. */
  async lock(m: EntityManager, id: string): Promise<Handling | null> {
    const [row] = await queryRows<Handling>(m, `${SELECT_HANDLING} WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /** Stores the file of a document that has none. */
  async storeFile(m: EntityManager, id: string, fil: { mediatyp: string; sha256: string; innehall: Buffer }): Promise<Handling> {
    await queryRows(m, `INSERT INTO handling_fil (handling_id, innehall) VALUES ($1, $2)`, [id, fil.innehall]);
    const [row] = await queryRows<Handling>(
      m,
      `UPDATE handling SET mediatyp = $2, storlek = $3, sha256 = $4 WHERE id = $1
       RETURNING id::text, diarienummer, titel, typ, to_char(datum, 'YYYY-MM-DD') AS datum, mediatyp, storlek, sha256, filnamn, uppdaterad`,
      [id, fil.mediatyp, fil.innehall.length, fil.sha256],
    );
    return row;
  }
}
