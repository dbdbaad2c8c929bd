import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#platform/database/queryRows';
import { loggaSkrivning } from '#subgraph-kit/granskningslogg';
import type { Roll } from '#platform/auth/caller';
import {
  LISTS,
  keyOf,
  type ExportArende,
  type ExportHandling,
  type ExportLedamot,
  type ExportSammantrade,
  type KommunExport,
  type Lista,
} from './KommunExport';
import { readKommunExport } from './readKommunExport';
import { recordName, type Refusal } from './validateKommunExport';

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary extends Counts {
  /** Per list; handlingar counted on their own. */
  lists: Record<Lista, Counts>;
  /** Refused records; when there are any, nothing was written. */
  refusals: Refusal[];
}

export interface ImportOptions {
  /** The kommun the database serves (`--kommun`); the file must be this kommun's. */
  kommunkod: string;
  /** Who imports, for the audit (`granskningslogg.sub`), e.g. `import:<user>`. */
  sub: string;
  /** What was imported, for the audit: the file's name. */
  source: string;
  /** Called after each record: how many of how many are done. */
  onProgress?: (done: number, total: number) => void;
}

/** A file of another kommun is refused whole: one kommun's diarium never goes into another's database. */
export function refuseOtherKommun(doc: KommunExport, kommunkod: string): Refusal[] {
  if (doc.kommun.kommunkod === kommunkod) return [];
  return [
    {
      pointer: '',
      record: 'the document',
      field: '/kommun/kommunkod',
      reason: `is ${doc.kommun.kommunkod}, but the import is into kommun ${kommunkod}`,
    },
  ];
}

/** Thrown inside the transaction to roll it back when the database refuses what the file says. */
class Refused extends Error {
  constructor(readonly refusals: Refusal[]) {
    super('refused');
  }
}

/**
 * The transaction's settings a request would have, as ADMIN of the kommun: row-level security
 * then shows restricted content to an owner that is not a superuser too, and the audit row may
 * name the importer.
 */
export async function asKommunAdmin(m: EntityManager, kommunkod: string, sub: string): Promise<void> {
  await m.query(
    `SELECT set_config('kommungraf.sub', $1, true), set_config('kommungraf.kommunkod', $2, true), set_config('kommungraf.roller', 'ADMIN', true)`,
    [sub, kommunkod],
  );
}

/** The time of a change, at the millisecond precision the graph gives it back (as the writes stamp it). */
const NOW = `date_trunc('milliseconds', clock_timestamp())`;
/** Equal as JSON, whatever the order of an object's fields. */
const stable = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(stable).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value);
const same = (a: unknown, b: unknown) => stable(a) === stable(b);
/** A file as import compares it: by its description and SHA-256, not its bytes. */
const described = (h: ExportHandling) => ({ ...h, fil: h.fil && { ...h.fil, innehall: '' } });
const withoutHandlingar = ({ handlingar: _, ...arende }: ExportArende) => arende;
const mainOf = ({ dagordning: _d, protokoll: _p, narvarande: _n, ...main }: ExportSammantrade) => main;
const SERIE = /^(\S+) (\d{4})\/0*([1-9]\d{0,8})$/;

/**
 * Loads a validated document (see validateKommunExport) into the kommun's database in one
 * transaction: all of it or, when anything is refused, nothing. Each record is matched by its
 * natural key (see KommunExport.keyOf; a handling by its ärende and titel) and created, updated
 * or left alone when the database already says the same; an unchanged record is not written at
 * all, so a second run of the same file changes nothing and puts nothing on the sync feed. The
 * sync feed's triggers record what is written, as they do the service's own writes. Records the
 * file does not name are left as they are. Afterwards every diarienummer series the file used
 * continues after its highest number, so a later registration neither collides nor leaves a gap.
 */
export async function importKommun(dataSource: DataSource, doc: KommunExport, options: ImportOptions): Promise<ImportSummary> {
  const lists = Object.fromEntries([...LISTS, 'handlingar'].map((l) => [l, { created: 0, updated: 0, unchanged: 0 }])) as Record<
    Lista,
    Counts
  >;
  const summary = (refusals: Refusal[]): ImportSummary => {
    const total = (k: keyof Counts) => Object.values(lists).reduce((sum, c) => sum + c[k], 0);
    return { created: total('created'), updated: total('updated'), unchanged: total('unchanged'), lists, refusals };
  };
  const otherKommun = refuseOtherKommun(doc, options.kommunkod);
  if (otherKommun.length) return summary(otherKommun);
  const total = LISTS.reduce((sum, l) => sum + doc[l].length, 0) + doc.arenden.reduce((sum, a) => sum + a.handlingar.length, 0);
  let done = 0;
  const progressed = () => options.onProgress?.(++done, total);

  try {
    // Repeatable read: a record the kommun changes while the import runs makes the import fail
    // (nothing loaded, run it again) rather than be overwritten with what the file said before.
    await dataSource.transaction('REPEATABLE READ', async (m) => {
      await asKommunAdmin(m, options.kommunkod, options.sub);
      await claim(m, doc.kommun);
      const current = await readKommunExport(m, { withFiles: false });
      const refusals: Refusal[] = [];
      const load = async <T>(
        list: (typeof LISTS)[number],
        rows: T[],
        key: (row: T) => string,
        write: (row: T, old: T | undefined, index: number) => Promise<'created' | 'updated' | 'unchanged'>,
      ) => {
        const existing = new Map((current[list] as T[]).map((row) => [key(row), row]));
        for (const [index, row] of rows.entries()) {
          let outcome: 'created' | 'updated' | 'unchanged';
          try {
            outcome = await write(row, existing.get(key(row)), index);
          } catch (error) {
            throw refusedByDatabase(error, `/${list}/${index}`, recordName(list, key(row)));
          }
          lists[list][outcome]++;
          progressed();
        }
      };

      await load('organ', doc.organ, keyOf.organ, async (o, old) => {
        if (!old) {
          await m.query(`INSERT INTO organ (id, kortnamn, namn, typ) VALUES ($1, $2, $3, $4)`, [o.id, o.kortnamn, o.namn, o.typ]);
          return 'created';
        }
        if (same(o, old)) return 'unchanged';
        await m.query(`UPDATE organ SET kortnamn = $2, namn = $3, typ = $4 WHERE id = $1`, [o.id, o.kortnamn, o.namn, o.typ]);
        return 'updated';
      });

      await load('ledamoter', doc.ledamoter, keyOf.ledamoter, async (l, old) => {
        if (old && same(l, old)) return 'unchanged';
        const main = (x: ExportLedamot) => [x.namn, x.parti, x.illustrativaFalt];
        if (!old) {
          await m.query(`INSERT INTO ledamot (id, namn, parti, illustrativa_falt) VALUES ($1, $2, $3, $4)`, [l.id, ...main(l)]);
        } else if (!same(main(l), main(old))) {
          await m.query(`UPDATE ledamot SET namn = $2, parti = $3, illustrativa_falt = $4 WHERE id = $1`, [l.id, ...main(l)]);
        }
        if (!old || !same(l.uppdrag, old.uppdrag)) {
          if (old) await m.query(`DELETE FROM ledamotskap WHERE ledamot_id = $1`, [l.id]);
          for (const u of l.uppdrag) {
            await m.query(`INSERT INTO ledamotskap (ledamot_id, organ_id, roll, fran, till) VALUES ($1, $2, $3, $4, $5)`, [
              l.id,
              u.organId,
              u.roll,
              u.fran,
              u.till,
            ]);
          }
        }
        return old ? 'updated' : 'created';
      });

      const oldHandlingar = new Map(
        current.arenden.flatMap((a) => a.handlingar.map((h) => [`${a.diarienummer}\u0000${h.titel}`, h] as const)),
      );
      await load('arenden', doc.arenden, keyOf.arenden, async (a, old, index) => {
        if (!old || !same(withoutHandlingar(a), withoutHandlingar(old))) await writeArende(m, a, old);
        for (const [j, h] of a.handlingar.entries()) {
          const before = oldHandlingar.get(`${a.diarienummer}\u0000${h.titel}`);
          const field = `/arenden/${index}/handlingar/${j}/fil`;
          const refuse = (reason: string) =>
            refusals.push({ pointer: `/arenden/${index}`, record: `ärende ${a.diarienummer}`, field, reason });
          if (before?.fil && h.fil?.sha256 !== before.fil.sha256) {
            refuse(
              h.fil
                ? `would replace the stored file of handling ${JSON.stringify(h.titel)} (SHA-256 ${before.fil.sha256}); a document's file, once stored, is kept`
                : `is null, but handling ${JSON.stringify(h.titel)} has a stored file (SHA-256 ${before.fil.sha256}), which import does not remove`,
            );
            continue;
          }
          lists.handlingar[await writeHandling(m, a.diarienummer, h, before)]++;
          progressed();
        }
        if (!old) return 'created';
        return same(withoutHandlingar(a), withoutHandlingar(old)) ? 'unchanged' : 'updated';
      });
      await advanceSeries(m, doc.arenden);

      await load('paragrafer', doc.paragrafer, keyOf.paragrafer, async (p, old) => {
        if (old && same(p, old)) return 'unchanged';
        const values = [
          p.beteckning,
          p.organId,
          p.ar,
          p.nummer,
          p.datum,
          p.rubrik,
          p.beslutstext,
          p.utfall,
          p.diarienummer,
          p.illustrativaFalt,
        ];
        await m.query(
          old
            ? `UPDATE paragraf SET organ_id = $2, ar = $3, nummer = $4, datum = $5, rubrik = $6, beslutstext = $7, utfall = $8,
                 diarienummer = $9, illustrativa_falt = $10 WHERE beteckning = $1`
            : `INSERT INTO paragraf (beteckning, organ_id, ar, nummer, datum, rubrik, beslutstext, utfall, diarienummer, illustrativa_falt)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          values,
        );
        return old ? 'updated' : 'created';
      });

      await load('uppdrag', doc.uppdrag, keyOf.uppdrag, async (u, old) => {
        if (old && same(u, old)) return 'unchanged';
        const values = [
          u.id,
          u.beskrivning,
          u.mottagare,
          u.givetI,
          u.diarienummer,
          u.deadline,
          u.status,
          u.aterrapporteradI,
          u.illustrativaFalt,
        ];
        await m.query(
          old
            ? `UPDATE uppdrag SET beskrivning = $2, mottagare = $3, givet_i = $4, diarienummer = $5, deadline = $6, status = $7,
                 aterrapporterad_i = $8, illustrativa_falt = $9 WHERE id = $1`
            : `INSERT INTO uppdrag (id, beskrivning, mottagare, givet_i, diarienummer, deadline, status, aterrapporterad_i, illustrativa_falt)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          values,
        );
        return old ? 'updated' : 'created';
      });

      await load('sammantraden', doc.sammantraden, keyOf.sammantraden, async (s, old) => {
        if (old && same(s, old)) return 'unchanged';
        await writeSammantrade(m, s, old);
        return old ? 'updated' : 'created';
      });

      if (refusals.length) throw new Refused(refusals);
      const { created, updated } = summary([]);
      if (created + updated > 0) {
        await loggaSkrivning(
          m,
          { sub: options.sub, kommunkod: options.kommunkod, roller: ['ADMIN' as Roll] },
          {
            atgard: 'importera',
            objekt: options.source,
            detaljer: { created, updated, lists },
          },
        );
      }
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    for (const counts of Object.values(lists)) Object.assign(counts, { created: 0, updated: 0, unchanged: 0 });
    return summary(error.refusals);
  }
  return summary([]);
}

/**
 * A constraint the database holds against records the file does not name (a kortnamn, a paragraf
 * number or a dagordning's paragraf taken by another record of the database) refuses the record
 * being written, and so the file; any other error stays what it is.
 */
function refusedByDatabase(error: unknown, pointer: string, record: string): unknown {
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  // Class 23, integrity constraints; class 22, a value the column cannot hold.
  if (typeof code !== 'string' || !/^2[23]/.test(code)) return error;
  const reason = `the database refuses it: ${typeof detail === 'string' ? detail : (error as Error).message}`;
  return new Refused([{ pointer, record, field: pointer, reason }]);
}

/** Claims an empty database for the kommun as the service does at start; a database of another kommun is refused. */
async function claim(m: EntityManager, kommun: KommunExport['kommun']): Promise<void> {
  await m.query(`INSERT INTO kommun (kommunkod, namn, lan) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
    kommun.kommunkod,
    kommun.namn,
    kommun.lan,
  ]);
  const other = (await queryRows<{ kommunkod: string; namn: string }>(m, `SELECT kommunkod, namn FROM kommun`)).find(
    (k) => k.kommunkod !== kommun.kommunkod,
  );
  if (other) {
    throw new Refused([
      {
        pointer: '',
        record: 'the document',
        field: '/kommun/kommunkod',
        reason: `the database belongs to kommun ${other.kommunkod} (${other.namn}), not ${kommun.kommunkod}`,
      },
    ]);
  }
}

async function writeArende(m: EntityManager, a: ExportArende, old: ExportArende | undefined): Promise<void> {
  const values = [
    a.diarienummer,
    a.status,
    a.registrerad,
    a.ansvarigtOrganId,
    a.sekretess?.lagrum ?? null,
    a.sekretess?.beskrivning ?? null,
    a.illustrativaFalt,
  ];
  // An update is a new version, as a change by the service is: a client holding the old one gets a CONFLICT.
  await m.query(
    old
      ? `UPDATE arende SET status = $2, registrerad = $3, ansvarigt_organ_id = $4, sekretess_lagrum = $5, sekretess_beskrivning = $6,
           illustrativa_falt = $7, version = version + 1, uppdaterad = ${NOW} WHERE diarienummer = $1`
      : `INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id, sekretess_lagrum, sekretess_beskrivning, illustrativa_falt,
           version, uppdaterad)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, ${NOW})`,
    values,
  );
  await m.query(
    `INSERT INTO arende_innehall (diarienummer, rubrik, beskrivning) VALUES ($1, $2, $3)
     ON CONFLICT (diarienummer) DO UPDATE SET rubrik = EXCLUDED.rubrik, beskrivning = EXCLUDED.beskrivning`,
    [a.diarienummer, a.rubrik, a.beskrivning],
  );
  if (!old || !same(a.statushistorik, old.statushistorik)) {
    if (old) await m.query(`DELETE FROM arende_status WHERE diarienummer = $1`, [a.diarienummer]);
    for (const s of a.statushistorik) {
      await m.query(`INSERT INTO arende_status (diarienummer, status, datum, kommentar) VALUES ($1, $2, $3, $4)`, [
        a.diarienummer,
        s.status,
        s.datum,
        s.kommentar,
      ]);
    }
  }
  if (!old || !same(a.forslagTillBeslut, old.forslagTillBeslut)) {
    if (old) await m.query(`DELETE FROM beslutspunkt WHERE diarienummer = $1`, [a.diarienummer]);
    for (const [i, text] of a.forslagTillBeslut.entries()) {
      await m.query(`INSERT INTO beslutspunkt (diarienummer, nummer, text) VALUES ($1, $2, $3)`, [a.diarienummer, i + 1, text]);
    }
  }
}

/** A handling by its ärende and titel; its file is added when it has none yet (the caller refuses replacing one). */
async function writeHandling(
  m: EntityManager,
  diarienummer: string,
  h: ExportHandling,
  old: ExportHandling | undefined,
): Promise<'created' | 'updated' | 'unchanged'> {
  if (old && same(described(h), described(old))) return 'unchanged';
  const fil = h.fil;
  const values = [
    diarienummer,
    h.titel,
    h.typ,
    h.datum,
    h.filnamn,
    fil?.mediatyp ?? null,
    fil?.storlek ?? null,
    fil?.sha256 ?? null,
  ];
  const [{ id }] = await queryRows<{ id: string }>(
    m,
    old
      ? `UPDATE handling SET typ = $3, datum = $4, filnamn = $5, mediatyp = $6, storlek = $7, sha256 = $8
         WHERE diarienummer = $1 AND titel = $2 RETURNING id::text`
      : `INSERT INTO handling (diarienummer, titel, typ, datum, filnamn, mediatyp, storlek, sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    values,
  );
  if (fil && !old?.fil) {
    await m.query(`INSERT INTO handling_fil (handling_id, innehall) VALUES ($1, $2)`, [id, Buffer.from(fil.innehall, 'base64')]);
  }
  return old ? 'updated' : 'created';
}

async function writeSammantrade(m: EntityManager, s: ExportSammantrade, old: ExportSammantrade | undefined): Promise<void> {
  if (!old || !same(mainOf(s), mainOf(old))) {
    await m.query(
      old
        ? `UPDATE sammantrade SET organ_id = $2, datum = $3, borjar = $4, plats = $5, status = $6, illustrativa_falt = $7 WHERE id = $1`
        : `INSERT INTO sammantrade (id, organ_id, datum, borjar, plats, status, illustrativa_falt) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.organId, s.datum, s.borjar, s.plats, s.status, s.illustrativaFalt],
    );
  }
  if (!old || !same(s.dagordning, old.dagordning)) {
    if (old) await m.query(`DELETE FROM dagordningspunkt WHERE sammantrade_id = $1`, [s.id]);
    for (const d of s.dagordning) {
      await m.query(
        `INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik, diarienummer, paragraf, illustrativa_falt) VALUES ($1, $2, $3, $4, $5, $6)`,
        [s.id, d.nummer, d.rubrik, d.diarienummer, d.paragraf, d.illustrativaFalt],
      );
    }
  }
  if (!old || !same(s.protokoll, old.protokoll)) {
    if (old) {
      for (const table of ['protokollsutdrag', 'protokoll_justerare', 'protokoll']) {
        await m.query(`DELETE FROM ${table} WHERE sammantrade_id = $1`, [s.id]);
      }
    }
    const p = s.protokoll;
    if (p) {
      await m.query(
        `INSERT INTO protokoll (sammantrade_id, justeringsdag, anslagsdag, illustrativa_falt) VALUES ($1, $2, $3, $4)`,
        [s.id, p.justeringsdag, p.anslagsdag, p.illustrativaFalt],
      );
      for (const u of p.utdrag) {
        await m.query(
          `INSERT INTO protokollsutdrag (sammantrade_id, mottagare, expedierat, expedierat_ar) VALUES ($1, $2, $3, $4)`,
          [s.id, u.mottagare, u.expedierat, u.expedieratAr],
        );
      }
      for (const ledamotId of p.justerare) {
        await m.query(`INSERT INTO protokoll_justerare (sammantrade_id, ledamot_id) VALUES ($1, $2)`, [s.id, ledamotId]);
      }
    }
  }
  if (!old || !same(s.narvarande, old.narvarande)) {
    if (old) await m.query(`DELETE FROM narvaro WHERE sammantrade_id = $1`, [s.id]);
    for (const ledamotId of s.narvarande) {
      await m.query(`INSERT INTO narvaro (sammantrade_id, ledamot_id) VALUES ($1, $2)`, [s.id, ledamotId]);
    }
  }
}

/**
 * Moves each diarienummer series the file used (`<kortnamn> <year>/<n>`) past its highest number.
 * A series without a row yet needs none: the first registration in it starts after the highest
 * number its ärenden have (ArendeRepository.nextSerial). Only a row behind is written.
 */
async function advanceSeries(m: EntityManager, arenden: ExportArende[]): Promise<void> {
  const highest = new Map<string, { kortnamn: string; ar: number; senaste: number }>();
  for (const { diarienummer } of arenden) {
    const match = SERIE.exec(diarienummer);
    if (!match) continue;
    const [, kortnamn, ar, n] = match;
    const key = `${kortnamn} ${ar}`;
    if ((highest.get(key)?.senaste ?? 0) < Number(n)) highest.set(key, { kortnamn, ar: Number(ar), senaste: Number(n) });
  }
  for (const { kortnamn, ar, senaste } of highest.values()) {
    await m.query(`UPDATE diarieserie SET senaste = $3 WHERE kortnamn = $1 AND ar = $2 AND senaste < $3`, [
      kortnamn,
      ar,
      senaste,
    ]);
  }
}
