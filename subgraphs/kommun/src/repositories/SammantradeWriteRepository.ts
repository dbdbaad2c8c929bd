import type { EntityManager } from 'typeorm';
import { queryRows } from '#platform/database/queryRows';
import type { Protokoll, Sammantrade, Sammantradesstatus } from '../entities/Sammantrade';

const SAMMANTRADE = `s.id, s.organ_id AS "organId", s.datum, s.borjar, s.plats, s.status, s.illustrativa_falt AS "illustrativaFalt", s.uppdaterad`;

/** One item of a dagordning as a write stores it; numbered by its place. */
export interface NyDagordningspunkt {
  rubrik: string;
  diarienummer: string | null;
  paragraf: string | null;
}

/**
 * The writes of meetings, their dagordning and protokoll, each in the caller's transaction. The
 * reads a request shows stay in SammantradeRepository; these read only what a write must check,
 * under the meeting's lock.
 */
export class SammantradeWriteRepository {
  /** The meeting, locked until the transaction ends: its writes follow one another. Null when there is none. */
  async lock(m: EntityManager, id: string): Promise<Sammantrade | null> {
    const rows = await queryRows<Sammantrade>(m, `SELECT ${SAMMANTRADE} FROM sammantrade s WHERE s.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** The meeting as the transaction sees it, stamps of its parts' changes included. */
  async find(m: EntityManager, id: string): Promise<Sammantrade> {
    const rows = await queryRows<Sammantrade>(m, `SELECT ${SAMMANTRADE} FROM sammantrade s WHERE s.id = $1`, [id]);
    return rows[0];
  }

  async protokoll(m: EntityManager, id: string): Promise<Protokoll | null> {
    const rows = await queryRows<Protokoll>(
      m,
      `SELECT sammantrade_id AS "sammantradeId", justeringsdag, anslagsdag, illustrativa_falt AS "illustrativaFalt"
         FROM protokoll WHERE sammantrade_id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insert(m: EntityManager, s: Omit<Sammantrade, 'illustrativaFalt' | 'uppdaterad'>): Promise<void> {
    await queryRows(m, `INSERT INTO sammantrade (id, organ_id, datum, borjar, plats, status) VALUES ($1, $2, $3, $4, $5, $6)`, [
      s.id,
      s.organId,
      s.datum,
      s.borjar,
      s.plats,
      s.status,
    ]);
  }

  /** For each paragraph, the meeting whose dagordning names it as its decision, if any. */
  async motenForParagrafer(m: EntityManager, beteckningar: string[]): Promise<Map<string, string>> {
    const rows = await queryRows<{ paragraf: string; sammantradeId: string }>(
      m,
      `SELECT paragraf, sammantrade_id AS "sammantradeId" FROM dagordningspunkt WHERE paragraf = ANY($1)`,
      [beteckningar],
    );
    return new Map(rows.map((r) => [r.paragraf, r.sammantradeId]));
  }

  /**
   * Makes `punkter` the meeting's whole dagordning, numbered from 1. False when a paragraph is
   * the decision of another meeting's item by now (a concurrent write took it): nothing is kept.
   */
  async replaceDagordning(m: EntityManager, id: string, punkter: NyDagordningspunkt[]): Promise<boolean> {
    await queryRows(m, `DELETE FROM dagordningspunkt WHERE sammantrade_id = $1`, [id]);
    if (punkter.length === 0) return true;
    const inserted = await queryRows(
      m,
      `INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik, diarienummer, paragraf)
       SELECT $1, p.nummer, p.rubrik, p.diarienummer, p.paragraf
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p (rubrik, diarienummer, paragraf, nummer)
       ON CONFLICT DO NOTHING
       RETURNING nummer`,
      [id, punkter.map((p) => p.rubrik), punkter.map((p) => p.diarienummer), punkter.map((p) => p.paragraf)],
    );
    return inserted.length === punkter.length;
  }

  /** Records the justering on the meeting's protokoll (made now if the meeting had none) and its justerare. */
  async justera(m: EntityManager, id: string, justeringsdag: string, justerare: string[]): Promise<void> {
    await queryRows(
      m,
      `INSERT INTO protokoll (sammantrade_id, justeringsdag) VALUES ($1, $2)
       ON CONFLICT (sammantrade_id) DO UPDATE SET justeringsdag = EXCLUDED.justeringsdag`,
      [id, justeringsdag],
    );
    await queryRows(
      m,
      `INSERT INTO protokoll_justerare (sammantrade_id, ledamot_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [id, justerare],
    );
  }

  async ansla(m: EntityManager, id: string, anslagsdag: string): Promise<void> {
    await queryRows(m, `UPDATE protokoll SET anslagsdag = $2 WHERE sammantrade_id = $1`, [id, anslagsdag]);
  }

  async setStatus(m: EntityManager, id: string, status: Sammantradesstatus): Promise<void> {
    await queryRows(m, `UPDATE sammantrade SET status = $2 WHERE id = $1`, [id, status]);
  }
}
