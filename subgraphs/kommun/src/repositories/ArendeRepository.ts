import { Any, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { ArendeEntity, type Arende, type Arendestatus } from '../entities/Arende';
import { ArendeStatusEntity, type ArendeStatus } from '../entities/ArendeStatus';
import { BeslutspunktEntity, type Beslutspunkt } from '../entities/Beslutspunkt';
import { HandlingEntity, type Handling } from '../entities/Handling';

export interface ArendeFilter {
  text?: string | null;
  status?: Arendestatus[] | null;
  organ?: string[] | null;
  registreradFran?: string | null;
  registreradTill?: string | null;
  /** Sync: only ärenden changed after this time, in change order. */
  uppdateradSedan?: Date | null;
}

/**
 * Position in one of the two list orders: newest registered first (registrerad descending, then
 * id descending), or, for sync, oldest change first (uppdaterad, then id, ascending).
 */
export type ArendePosition =
  | { kind: 'registrerad'; registrerad: string; id: string }
  | { kind: 'uppdaterad'; uppdaterad: string; id: string };

/** The order a filter lists ärenden in. */
export const orderOf = (filter: ArendeFilter): ArendePosition['kind'] =>
  filter.uppdateradSedan ? 'uppdaterad' : 'registrerad';

export function positionOf(row: Arende, kind: ArendePosition['kind']): ArendePosition {
  return kind === 'registrerad'
    ? { kind, registrerad: row.registrerad, id: row.id }
    : { kind, uppdaterad: row.uppdaterad.toISOString(), id: row.id };
}

/** The time of a change, at the millisecond precision a DateTime carries back to clients. */
const NOW = `date_trunc('milliseconds', clock_timestamp())`;

/** Case-insensitive for every letter (å, ä, ö too), whatever locale the database was created with. */
const FOLD = (sql: string) => `lower(${sql} COLLATE "und-x-icu")`;

export interface NyttArende {
  diarienummer: string;
  rubrik: string;
  beskrivning: string | null;
  status: Arendestatus;
  registrerad: string;
  ansvarigtOrganId: string;
  sekretessLagrum: string | null;
  sekretessBeskrivning: string | null;
}

export interface Arendeandring {
  rubrik?: string;
  beskrivning?: string | null;
  sekretessLagrum?: string | null;
  sekretessBeskrivning?: string | null;
  status?: Arendestatus;
}

export class ArendeRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ArendeEntity);
  }

  byDiarienummer(keys: readonly string[]): Promise<Arende[]> {
    return this.repo.findBy({ diarienummer: Any([...keys]) });
  }

  /** Up to `limit` ärenden after `after` in the filter's list order. */
  page(filter: ArendeFilter, limit: number, after: ArendePosition | null): Promise<Arende[]> {
    const qb = this.filtered(filter);
    if (orderOf(filter) === 'uppdaterad') {
      if (after?.kind === 'uppdaterad') {
        qb.andWhere('(a.uppdaterad, a.id) > (CAST(:uppdaterad AS timestamptz), :id)', after);
      }
      return qb.orderBy('a.uppdaterad', 'ASC').addOrderBy('a.id', 'ASC').take(limit).getMany();
    }
    if (after?.kind === 'registrerad') {
      qb.andWhere('(a.registrerad, a.id) < (:registrerad, :id)', after);
    }
    return qb.orderBy('a.registrerad', 'DESC').addOrderBy('a.id', 'DESC').take(limit).getMany();
  }

  count(filter: ArendeFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  private filtered(filter: ArendeFilter): SelectQueryBuilder<Arende> {
    const qb = this.repo.createQueryBuilder('a');
    if (filter.text) {
      // Every word must occur in rubrik or beskrivning, case folded by ICU (see FOLD).
      filter.text
        .split(/\s+/)
        .filter(Boolean)
        .forEach((word, i) => {
          const pattern = `${FOLD(`CAST(:w${i} AS text)`)}`;
          qb.andWhere(`(${FOLD('a.rubrik')} LIKE ${pattern} OR ${FOLD('a.beskrivning')} LIKE ${pattern})`, {
            [`w${i}`]: `%${escapeLike(word)}%`,
          });
        });
    }
    if (filter.status?.length) {
      qb.andWhere('a.status = ANY(:status)', { status: filter.status });
    }
    if (filter.organ?.length) {
      qb.andWhere('a.ansvarigtOrganId = ANY(:organ)', { organ: filter.organ });
    }
    if (filter.registreradFran) {
      qb.andWhere('a.registrerad >= :registreradFran', { registreradFran: filter.registreradFran });
    }
    if (filter.registreradTill) {
      qb.andWhere('a.registrerad <= :registreradTill', { registreradTill: filter.registreradTill });
    }
    if (filter.uppdateradSedan) {
      qb.andWhere('a.uppdaterad > :uppdateradSedan', { uppdateradSedan: filter.uppdateradSedan });
    }
    return qb;
  }

  statushistorik(keys: readonly string[]): Promise<ArendeStatus[]> {
    return this.dataSource
      .getRepository(ArendeStatusEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { id: 'ASC' } });
  }

  beslutspunkter(keys: readonly string[]): Promise<Beslutspunkt[]> {
    return this.dataSource
      .getRepository(BeslutspunktEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { nummer: 'ASC' } });
  }

  handlingar(keys: readonly string[]): Promise<Handling[]> {
    return this.dataSource
      .getRepository(HandlingEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { id: 'ASC' } });
  }

  // Writes: each takes the manager of the caller's transaction.

  /**
   * The next serial of a diarienummer prefix (`KS 2026/`), gap-free: the series row is locked
   * until the transaction ends and rolls back with it. A new series starts after the highest
   * serial already in the diarium under that prefix (the seed's `KS 2020/1`, say).
   */
  async nextSerial(m: EntityManager, kortnamn: string, ar: number): Promise<number> {
    const prefix = `${kortnamn} ${ar}/`;
    const rows: { senaste: number }[] = await m.query(
      `INSERT INTO diarieserie (kortnamn, ar, senaste)
       VALUES ($1, $2, 1 + (SELECT coalesce(max(substr(diarienummer, length($3) + 1)::integer), 0)
                            FROM arende
                            WHERE starts_with(diarienummer, $3) AND substr(diarienummer, length($3) + 1) ~ '^[0-9]{1,9}$'))
       ON CONFLICT (kortnamn, ar) DO UPDATE SET senaste = diarieserie.senaste + 1
       RETURNING senaste`,
      [kortnamn, ar, prefix],
    );
    return rows[0].senaste;
  }

  async insert(m: EntityManager, arende: NyttArende): Promise<Arende> {
    const rows = await m.query(
      `INSERT INTO arende (diarienummer, rubrik, beskrivning, status, registrerad, ansvarigt_organ_id,
                           sekretess_lagrum, sekretess_beskrivning, version, uppdaterad)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, ${NOW})
       RETURNING *`,
      [
        arende.diarienummer,
        arende.rubrik,
        arende.beskrivning,
        arende.status,
        arende.registrerad,
        arende.ansvarigtOrganId,
        arende.sekretessLagrum,
        arende.sekretessBeskrivning,
      ],
    );
    return toArende(rows[0]);
  }

  async insertStatus(
    m: EntityManager,
    row: { diarienummer: string; status: Arendestatus; datum: string; kommentar: string | null },
  ): Promise<void> {
    await m.query(`INSERT INTO arende_status (diarienummer, status, datum, kommentar) VALUES ($1, $2, $3, $4)`, [
      row.diarienummer,
      row.status,
      row.datum,
      row.kommentar,
    ]);
  }

  async insertBeslutspunkter(m: EntityManager, diarienummer: string, texts: string[]): Promise<void> {
    if (texts.length === 0) return;
    await m.query(
      `INSERT INTO beslutspunkt (diarienummer, nummer, text)
       SELECT $1, nummer, text FROM unnest(CAST($2 AS text[])) WITH ORDINALITY AS p(text, nummer)`,
      [diarienummer, texts],
    );
  }

  /** The ärende, locked until the transaction ends; null when there is none. */
  async lock(m: EntityManager, diarienummer: string): Promise<Arende | null> {
    const rows = await m.query(`SELECT * FROM arende WHERE diarienummer = $1 FOR UPDATE`, [diarienummer]);
    return rows.length ? toArende(rows[0]) : null;
  }

  /** Applies a change if the ärende still has `version`; null when it does not. */
  async update(m: EntityManager, diarienummer: string, version: number, change: Arendeandring): Promise<Arende | null> {
    const columns: Record<keyof Arendeandring, string> = {
      rubrik: 'rubrik',
      beskrivning: 'beskrivning',
      sekretessLagrum: 'sekretess_lagrum',
      sekretessBeskrivning: 'sekretess_beskrivning',
      status: 'status',
    };
    const sets: string[] = [];
    const values: unknown[] = [diarienummer, version];
    for (const [key, column] of Object.entries(columns) as [keyof Arendeandring, string][]) {
      if (change[key] === undefined) continue;
      values.push(change[key]);
      sets.push(`${column} = $${values.length}`);
    }
    const rows = await m.query(
      `UPDATE arende SET ${[...sets, 'version = version + 1', `uppdaterad = ${NOW}`].join(', ')}
       WHERE diarienummer = $1 AND version = $2
       RETURNING *`,
      values,
    );
    // pg returns [rows, affected] for UPDATE … RETURNING through TypeORM.
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    return returned.length ? toArende(returned[0]) : null;
  }

  /** Marks the ärende as changed (its paragraphs or assignments changed), without a new version. */
  async touch(m: EntityManager, diarienummer: string): Promise<void> {
    await m.query(`UPDATE arende SET uppdaterad = ${NOW} WHERE diarienummer = $1`, [diarienummer]);
  }
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A row as PostgreSQL returns it, in the entity's shape. */
function toArende(raw: Record<string, unknown>): Arende {
  return {
    id: String(raw.id),
    diarienummer: raw.diarienummer as string,
    rubrik: raw.rubrik as string,
    beskrivning: raw.beskrivning as string | null,
    status: raw.status as Arendestatus,
    registrerad: raw.registrerad as string,
    ansvarigtOrganId: raw.ansvarigt_organ_id as string | null,
    sekretessLagrum: raw.sekretess_lagrum as string | null,
    sekretessBeskrivning: raw.sekretess_beskrivning as string | null,
    version: Number(raw.version),
    uppdaterad: raw.uppdaterad as Date,
    illustrativaFalt: raw.illustrativa_falt as string[],
  };
}
