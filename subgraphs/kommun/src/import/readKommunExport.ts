import type { EntityManager } from 'typeorm';
import { queryRows } from '#platform/database/queryRows';
import {
  FORMAT_VERSION,
  type ExportArende,
  type ExportHandling,
  type ExportLedamot,
  type ExportSammantrade,
  type KommunExport,
} from './KommunExport';
import { sortSets } from './validateKommunExport';

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD') AS "${column.replace(/^\w+\./, '')}"`;

/** Groups rows by a key, keeping their order. */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/**
 * A kommun's records in the export format, in canonical form, read in the caller's transaction
 * (which must see restricted content: see `asKommunAdmin`). Lists whose order the graph takes from
 * insertion (ärenden, paragrafer, handlingar, status history, extracts) are in that order, so an
 * import into an empty database lists them as the original does. Without `withFiles` a file is
 * described but its bytes are not read: what import compares.
 */
export async function readKommunExport(m: EntityManager, options: { withFiles: boolean }): Promise<KommunExport> {
  const [kommun] = await queryRows<KommunExport['kommun']>(
    m,
    `SELECT kommunkod, namn, lan FROM kommun ORDER BY kommunkod LIMIT 1`,
  );
  if (!kommun) throw new Error('This database has not been claimed by a kommun yet: it has no kommun row');

  const organ = await queryRows<KommunExport['organ'][number]>(m, `SELECT id, kortnamn, namn, typ FROM organ ORDER BY id`);

  const seats = groupBy(
    await queryRows<{
      ledamotId: string;
      organId: string;
      roll: ExportLedamot['uppdrag'][number]['roll'];
      fran: string | null;
      till: string | null;
    }>(
      m,
      `SELECT ledamot_id AS "ledamotId", organ_id AS "organId", roll, ${day('fran')}, ${day('till')} FROM ledamotskap ORDER BY id`,
    ),
    (r) => r.ledamotId,
  );
  const ledamoter: ExportLedamot[] = (
    await queryRows<{ id: string; namn: string; parti: string | null; illustrativaFalt: string[] }>(
      m,
      `SELECT id, namn, parti, illustrativa_falt AS "illustrativaFalt" FROM ledamot ORDER BY id`,
    )
  ).map((l) => ({
    id: l.id,
    namn: l.namn,
    parti: l.parti,
    uppdrag: (seats.get(l.id) ?? []).map(({ organId, roll, fran, till }) => ({ organId, roll, fran, till })),
    illustrativaFalt: l.illustrativaFalt,
  }));

  const historik = groupBy(
    await queryRows<{ diarienummer: string } & ExportArende['statushistorik'][number]>(
      m,
      `SELECT diarienummer, status, ${day('datum')}, kommentar FROM arende_status ORDER BY id`,
    ),
    (r) => r.diarienummer,
  );
  const punkter = groupBy(
    await queryRows<{ diarienummer: string; text: string }>(
      m,
      `SELECT diarienummer, text FROM beslutspunkt ORDER BY diarienummer, nummer`,
    ),
    (r) => r.diarienummer,
  );
  const filer = new Map<string, Buffer>();
  if (options.withFiles) {
    for (const f of await queryRows<{ id: string; innehall: Buffer }>(
      m,
      `SELECT handling_id::text AS id, innehall FROM handling_fil`,
    )) {
      filer.set(f.id, f.innehall);
    }
  }
  const handlingar = groupBy(
    await queryRows<
      { id: string; diarienummer: string; mediatyp: string | null; storlek: number | null; sha256: string | null } & Omit<
        ExportHandling,
        'fil'
      >
    >(
      m,
      `SELECT id::text, diarienummer, titel, typ, ${day('datum')}, filnamn, mediatyp, storlek, sha256 FROM handling ORDER BY id`,
    ),
    (r) => r.diarienummer,
  );
  const arenden: ExportArende[] = (
    await queryRows<{
      diarienummer: string;
      rubrik: string;
      beskrivning: string | null;
      status: ExportArende['status'];
      registrerad: string;
      ansvarigtOrganId: string | null;
      lagrum: string | null;
      sekretessBeskrivning: string | null;
      illustrativaFalt: string[];
    }>(
      m,
      `SELECT a.diarienummer, i.rubrik, i.beskrivning, a.status, ${day('a.registrerad')}, a.ansvarigt_organ_id AS "ansvarigtOrganId",
              a.sekretess_lagrum AS lagrum, a.sekretess_beskrivning AS "sekretessBeskrivning", a.illustrativa_falt AS "illustrativaFalt"
         FROM arende a LEFT JOIN arende_innehall i ON i.diarienummer = a.diarienummer ORDER BY a.id`,
    )
  ).map((a) => ({
    diarienummer: a.diarienummer,
    rubrik: a.rubrik,
    beskrivning: a.beskrivning,
    status: a.status,
    registrerad: a.registrerad,
    ansvarigtOrganId: a.ansvarigtOrganId,
    sekretess: a.lagrum === null ? null : { lagrum: a.lagrum, beskrivning: a.sekretessBeskrivning },
    forslagTillBeslut: (punkter.get(a.diarienummer) ?? []).map((p) => p.text),
    statushistorik: (historik.get(a.diarienummer) ?? []).map(({ status, datum, kommentar }) => ({ status, datum, kommentar })),
    handlingar: (handlingar.get(a.diarienummer) ?? []).map((h) => ({
      titel: h.titel,
      typ: h.typ,
      datum: h.datum,
      filnamn: h.filnamn,
      fil:
        h.sha256 === null
          ? null
          : { mediatyp: h.mediatyp!, storlek: h.storlek!, sha256: h.sha256, innehall: filer.get(h.id)?.toString('base64') ?? '' },
    })),
    illustrativaFalt: a.illustrativaFalt,
  }));

  const paragrafer = await queryRows<KommunExport['paragrafer'][number]>(
    m,
    `SELECT beteckning, organ_id AS "organId", ar, nummer, ${day('datum')}, rubrik, beslutstext, utfall, diarienummer,
            illustrativa_falt AS "illustrativaFalt"
       FROM paragraf ORDER BY id`,
  );
  const uppdrag = await queryRows<KommunExport['uppdrag'][number]>(
    m,
    `SELECT id, beskrivning, mottagare, givet_i AS "givetI", diarienummer, ${day('deadline')}, status,
            aterrapporterad_i AS "aterrapporteradI", illustrativa_falt AS "illustrativaFalt"
       FROM uppdrag ORDER BY id`,
  );

  const dagordning = groupBy(
    await queryRows<{ sammantradeId: string } & ExportSammantrade['dagordning'][number]>(
      m,
      `SELECT sammantrade_id AS "sammantradeId", nummer, rubrik, diarienummer, paragraf, illustrativa_falt AS "illustrativaFalt"
         FROM dagordningspunkt ORDER BY sammantrade_id, nummer`,
    ),
    (r) => r.sammantradeId,
  );
  const protokoll = new Map(
    (
      await queryRows<{
        sammantradeId: string;
        justeringsdag: string | null;
        anslagsdag: string | null;
        illustrativaFalt: string[];
      }>(
        m,
        `SELECT sammantrade_id AS "sammantradeId", ${day('justeringsdag')}, ${day('anslagsdag')}, illustrativa_falt AS "illustrativaFalt" FROM protokoll`,
      )
    ).map((p) => [p.sammantradeId, p]),
  );
  const utdrag = groupBy(
    await queryRows<{ sammantradeId: string; mottagare: string; expedierat: string | null; expedieratAr: number | null }>(
      m,
      `SELECT sammantrade_id AS "sammantradeId", mottagare, ${day('expedierat')}, expedierat_ar AS "expedieratAr" FROM protokollsutdrag ORDER BY id`,
    ),
    (r) => r.sammantradeId,
  );
  const justerare = groupBy(
    await queryRows<{ sammantradeId: string; ledamotId: string }>(
      m,
      `SELECT sammantrade_id AS "sammantradeId", ledamot_id AS "ledamotId" FROM protokoll_justerare`,
    ),
    (r) => r.sammantradeId,
  );
  const narvaro = groupBy(
    await queryRows<{ sammantradeId: string; ledamotId: string }>(
      m,
      `SELECT sammantrade_id AS "sammantradeId", ledamot_id AS "ledamotId" FROM narvaro`,
    ),
    (r) => r.sammantradeId,
  );
  const sammantraden: ExportSammantrade[] = (
    await queryRows<Omit<ExportSammantrade, 'borjar' | 'dagordning' | 'protokoll' | 'narvarande'> & { borjar: Date | null }>(
      m,
      `SELECT id, organ_id AS "organId", ${day('datum')}, borjar, plats, status, illustrativa_falt AS "illustrativaFalt"
         FROM sammantrade ORDER BY id`,
    )
  ).map((s) => {
    const p = protokoll.get(s.id);
    return {
      id: s.id,
      organId: s.organId,
      datum: s.datum,
      borjar: s.borjar ? s.borjar.toISOString() : null,
      plats: s.plats,
      status: s.status,
      dagordning: (dagordning.get(s.id) ?? []).map(({ nummer, rubrik, diarienummer, paragraf, illustrativaFalt }) => ({
        nummer,
        rubrik,
        diarienummer,
        paragraf,
        illustrativaFalt,
      })),
      protokoll: p
        ? {
            justeringsdag: p.justeringsdag,
            anslagsdag: p.anslagsdag,
            justerare: (justerare.get(s.id) ?? []).map((j) => j.ledamotId),
            utdrag: (utdrag.get(s.id) ?? []).map(({ mottagare, expedierat, expedieratAr }) => ({
              mottagare,
              expedierat,
              expedieratAr,
            })),
            illustrativaFalt: p.illustrativaFalt,
          }
        : null,
      narvarande: (narvaro.get(s.id) ?? []).map((n) => n.ledamotId),
      illustrativaFalt: s.illustrativaFalt,
    };
  });

  return sortSets({
    formatVersion: FORMAT_VERSION,
    kommun,
    kalla: null,
    exporterad: null,
    organ,
    ledamoter,
    arenden,
    paragrafer,
    uppdrag,
    sammantraden,
  });
}
