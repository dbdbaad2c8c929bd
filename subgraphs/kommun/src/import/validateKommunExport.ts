import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import {
  FORMAT_VERSION,
  LISTS,
  SCHEMA_FILE,
  bySeat,
  sortedIds,
  type ExportArende,
  type ExportLedamot,
  type ExportSammantrade,
  type KommunExport,
} from './KommunExport';

/** A record the import will not load: where it is in the file, which record, what is wrong where. */
export interface Refusal {
  /** JSON pointer of the record, e.g. `/arenden/3`; empty for the document itself. */
  pointer: string;
  /** The record as a person names it, e.g. `ärende KS 2024/4`. */
  record: string;
  /** JSON pointer of the fault inside the file, e.g. `/arenden/3/registrerad`. */
  field: string;
  reason: string;
}

export interface ValidatedExport {
  /** The document in canonical form; null when anything was refused. */
  document: KommunExport | null;
  refusals: Refusal[];
  /** Records in the file, handlingar counted on their own. */
  records: number;
}

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
  return compiled;
}

const NOUN: Record<string, string> = {
  organ: 'organ',
  ledamoter: 'ledamot',
  arenden: 'ärende',
  paragrafer: 'paragraf',
  uppdrag: 'uppdrag',
  sammantraden: 'sammanträde',
};

/** A record as a person names it: `ärende KS 2024/4`. */
export const recordName = (list: string, key: string) => `${NOUN[list] ?? list} ${key}`;

const KEY_FIELD: Record<string, string> = { arenden: 'diarienummer', paragrafer: 'beteckning' };

/** The record a pointer falls in (`/arenden/3/statushistorik/0` → `/arenden/3`) and its name. */
function recordAt(input: unknown, field: string): { pointer: string; record: string } {
  const [, list, index] = field.split('/');
  if (!list || !NOUN[list] || index === undefined || !/^\d+$/.test(index)) return { pointer: '', record: 'the document' };
  const row = (input as Record<string, unknown[]>)[list]?.[Number(index)] as Record<string, unknown> | undefined;
  const key = row?.[KEY_FIELD[list] ?? 'id'];
  const name = typeof key === 'string' ? `${NOUN[list]} ${key}` : `${NOUN[list]} number ${Number(index) + 1}`;
  return { pointer: `/${list}/${index}`, record: name };
}

/** One line per fault: ajv's errors of a nullable field's other branch (`must be null`, `must match a schema in anyOf`) are noise beside the real one. */
function schemaRefusals(input: unknown, errors: ErrorObject[]): Refusal[] {
  const real = (e: ErrorObject) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null');
  const explained = (path: string) =>
    errors.some((o) => real(o) && (o.instancePath === path || o.instancePath.startsWith(`${path}/`)));
  const kept = errors.filter((e) => real(e) || (e.keyword === 'anyOf' && !explained(e.instancePath)));
  const seen = new Set<string>();
  return kept.flatMap((e) => {
    let reason = e.message ?? e.keyword;
    if (e.keyword === 'additionalProperties')
      reason = `has a field the format does not know: ${String(e.params.additionalProperty)}`;
    if (e.keyword === 'enum')
      reason = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'anyOf') reason = 'is neither null nor a value of the right shape';
    if (e.keyword === 'pattern' && e.schemaPath.startsWith('#/definitions/date/')) reason = 'is not a day in the form YYYY-MM-DD';
    if (e.keyword === 'pattern' && e.schemaPath.startsWith('#/definitions/dateTime/'))
      reason = 'is not a time in the form of RFC 3339 with its offset, e.g. 2024-02-12T13:00:00Z';
    if (e.keyword === 'pattern' && e.params.pattern === '\\S') reason = 'must not be blank';
    const line = `${e.instancePath} ${reason}`;
    if (seen.has(line)) return [];
    seen.add(line);
    return [{ ...recordAt(input, e.instancePath), field: e.instancePath || '/', reason }];
  });
}

const isDay = (value: string) => {
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value;
};

const isTime = (value: string) => Number.isFinite(Date.parse(value)) && isDay(value.slice(0, 10));

/**
 * Checks a parsed file against the format: first its shape (the JSON Schema in contract/), then,
 * when the shape holds, what a schema cannot say: real days, unique keys, references to records
 * of the same file, the status history, a file's bytes against its size and SHA-256. Every
 * refused record is named with its place in the file; any refusal refuses the whole file.
 */
export function validateKommunExport(input: unknown): ValidatedExport {
  if (typeof input === 'object' && input !== null && 'formatVersion' in input && input.formatVersion !== FORMAT_VERSION) {
    const version = JSON.stringify((input as { formatVersion: unknown }).formatVersion);
    return {
      document: null,
      refusals: [
        {
          pointer: '',
          record: 'the document',
          field: '/formatVersion',
          reason: `is ${version}; this version reads format ${FORMAT_VERSION}`,
        },
      ],
      records: 0,
    };
  }
  const validate = schemaValidator();
  if (!validate(input)) return { document: null, refusals: schemaRefusals(input, validate.errors ?? []), records: 0 };
  const document = canonical(input as Partial<KommunExport> & Pick<KommunExport, 'formatVersion' | 'kommun'>);
  const refusals = crossChecks(document);
  sortSets(document);
  const records =
    LISTS.reduce((sum, list) => sum + document[list].length, 0) +
    document.arenden.reduce((sum, a) => sum + a.handlingar.length, 0);
  return { document: refusals.length ? null : document, refusals, records };
}

/**
 * Sorts a document's sets in place (seats, dagordning, justerare, närvarande), so that their order
 * in a file makes no change; after the checks, whose messages give the file's own indexes.
 */
export function sortSets(doc: KommunExport): KommunExport {
  for (const l of doc.ledamoter) l.uppdrag.sort(bySeat);
  for (const s of doc.sammantraden) {
    s.dagordning.sort((a, b) => a.nummer - b.nummer);
    s.narvarande = sortedIds(s.narvarande);
    if (s.protokoll) s.protokoll.justerare = sortedIds(s.protokoll.justerare);
  }
  return doc;
}

/** Fills in what a file may leave out: the form import compares and export writes. */
export function canonical(input: Partial<KommunExport> & Pick<KommunExport, 'formatVersion' | 'kommun'>): KommunExport {
  type Loose<T> = { [K in keyof T]?: T[K] | null };
  const n = <T>(value: T | null | undefined): T | null => value ?? null;
  const list = <T>(value: T[] | null | undefined): T[] => value ?? [];
  return {
    formatVersion: FORMAT_VERSION,
    kommun: { kommunkod: input.kommun.kommunkod, namn: input.kommun.namn, lan: input.kommun.lan },
    kalla: n(input.kalla),
    exporterad: n(input.exporterad),
    organ: list(input.organ).map((o) => ({ id: o.id, kortnamn: o.kortnamn, namn: o.namn, typ: o.typ })),
    ledamoter: list(input.ledamoter as Loose<ExportLedamot>[]).map((l) => ({
      id: l.id!,
      namn: l.namn!,
      parti: n(l.parti),
      uppdrag: list(l.uppdrag).map((u) => ({ organId: u.organId, roll: u.roll, fran: n(u.fran), till: n(u.till) })),
      illustrativaFalt: list(l.illustrativaFalt),
    })),
    arenden: list(input.arenden as Loose<ExportArende>[]).map((a) => ({
      diarienummer: a.diarienummer!,
      rubrik: a.rubrik!,
      beskrivning: n(a.beskrivning),
      status: a.status!,
      registrerad: a.registrerad!,
      ansvarigtOrganId: n(a.ansvarigtOrganId),
      sekretess: a.sekretess ? { lagrum: a.sekretess.lagrum, beskrivning: n(a.sekretess.beskrivning) } : null,
      forslagTillBeslut: list(a.forslagTillBeslut),
      statushistorik: a.statushistorik?.length
        ? a.statushistorik.map((s) => ({ status: s.status, datum: s.datum, kommentar: n(s.kommentar) }))
        : [{ status: a.status!, datum: a.registrerad!, kommentar: null }],
      handlingar: list(a.handlingar).map((h) => ({
        titel: h.titel,
        typ: h.typ,
        datum: n(h.datum),
        filnamn: n(h.filnamn),
        fil: h.fil ? { mediatyp: h.fil.mediatyp, storlek: h.fil.storlek, sha256: h.fil.sha256, innehall: h.fil.innehall } : null,
      })),
      illustrativaFalt: list(a.illustrativaFalt),
    })),
    paragrafer: list(input.paragrafer).map((p) => ({
      beteckning: p.beteckning,
      organId: p.organId,
      ar: p.ar,
      nummer: n(p.nummer),
      datum: n(p.datum),
      rubrik: n(p.rubrik),
      beslutstext: n(p.beslutstext),
      utfall: n(p.utfall),
      diarienummer: n(p.diarienummer),
      illustrativaFalt: list(p.illustrativaFalt),
    })),
    uppdrag: list(input.uppdrag).map((u) => ({
      id: u.id,
      beskrivning: u.beskrivning,
      mottagare: u.mottagare,
      givetI: n(u.givetI),
      diarienummer: n(u.diarienummer),
      deadline: n(u.deadline),
      status: u.status,
      aterrapporteradI: n(u.aterrapporteradI),
      illustrativaFalt: list(u.illustrativaFalt),
    })),
    sammantraden: list(input.sammantraden as Loose<ExportSammantrade>[]).map((s) => ({
      id: s.id!,
      organId: s.organId!,
      datum: n(s.datum),
      // In UTC with milliseconds, as the database gives it back; a time that is none stays as written, for the checks to name.
      borjar: s.borjar && isTime(s.borjar) ? new Date(s.borjar).toISOString() : n(s.borjar),
      plats: n(s.plats),
      status: s.status!,
      dagordning: list(s.dagordning).map((d) => ({
        nummer: d.nummer,
        rubrik: n(d.rubrik),
        diarienummer: n(d.diarienummer),
        paragraf: n(d.paragraf),
        illustrativaFalt: list(d.illustrativaFalt),
      })),
      protokoll: s.protokoll
        ? {
            justeringsdag: n(s.protokoll.justeringsdag),
            anslagsdag: n(s.protokoll.anslagsdag),
            justerare: list(s.protokoll.justerare),
            utdrag: list(s.protokoll.utdrag).map((u) => ({
              mottagare: u.mottagare,
              expedierat: n(u.expedierat),
              expedieratAr: n(u.expedieratAr),
            })),
            illustrativaFalt: list(s.protokoll.illustrativaFalt),
          }
        : null,
      narvarande: list(s.narvarande),
      illustrativaFalt: list(s.illustrativaFalt),
    })),
  };
}

/** The checks across records, on the canonical document (whose lists keep the file's order, so indexes are the file's). */
function crossChecks(doc: KommunExport): Refusal[] {
  const refusals: Refusal[] = [];
  const refuse = (list: string, index: number, key: string, field: string, reason: string) =>
    refusals.push({ pointer: `/${list}/${index}`, record: `${NOUN[list]} ${key}`, field: `/${list}/${index}${field}`, reason });
  const day = (list: string, index: number, key: string, field: string, value: string | null) => {
    if (value !== null && !isDay(value)) refuse(list, index, key, field, `${value} is not a day of the calendar`);
  };
  const unique = <T>(list: keyof typeof NOUN, rows: T[], keyOf: (row: T) => string | null, label: string, field: string) => {
    const first = new Map<string, number>();
    rows.forEach((row, i) => {
      const key = keyOf(row);
      if (key === null) return;
      if (first.has(key)) refuse(list, i, key, field, `repeats the ${label} of ${list}[${first.get(key)}]`);
      else first.set(key, i);
    });
  };

  const organ = new Set(doc.organ.map((o) => o.id));
  const ledamoter = new Set(doc.ledamoter.map((l) => l.id));
  const arenden = new Set(doc.arenden.map((a) => a.diarienummer));
  const paragrafer = new Set(doc.paragrafer.map((p) => p.beteckning));
  const refersTo =
    (set: Set<string>, what: string) => (list: string, i: number, key: string, field: string, value: string | null) => {
      if (value !== null && !set.has(value))
        refuse(list, i, key, field, `names ${what} ${JSON.stringify(value)}, which is not in the file`);
    };
  const toOrgan = refersTo(organ, 'organ');
  const toLedamot = refersTo(ledamoter, 'ledamot');
  const toArende = refersTo(arenden, 'ärende');
  const toParagraf = refersTo(paragrafer, 'paragraf');

  unique('organ', doc.organ, (o) => o.id, 'id', '/id');
  unique('organ', doc.organ, (o) => o.kortnamn, 'kortnamn', '/kortnamn');
  unique('ledamoter', doc.ledamoter, (l) => l.id, 'id', '/id');
  unique('arenden', doc.arenden, (a) => a.diarienummer, 'diarienummer', '/diarienummer');
  unique('paragrafer', doc.paragrafer, (p) => p.beteckning, 'beteckning', '/beteckning');
  unique(
    'paragrafer',
    doc.paragrafer,
    (p) => (p.nummer === null ? null : `${p.organId} ${p.ar} § ${p.nummer}`),
    'organ, år and nummer',
    '/nummer',
  );
  unique('uppdrag', doc.uppdrag, (u) => u.id, 'id', '/id');
  unique('sammantraden', doc.sammantraden, (s) => s.id, 'id', '/id');

  doc.ledamoter.forEach((l, i) => {
    const seats = new Set<string>();
    l.uppdrag.forEach((u, j) => {
      toOrgan('ledamoter', i, l.id, `/uppdrag/${j}/organId`, u.organId);
      day('ledamoter', i, l.id, `/uppdrag/${j}/fran`, u.fran);
      day('ledamoter', i, l.id, `/uppdrag/${j}/till`, u.till);
      if (u.fran && u.till && u.fran > u.till)
        refuse('ledamoter', i, l.id, `/uppdrag/${j}/till`, `ends (${u.till}) before it begins (${u.fran})`);
      const seat = `${u.organId} ${u.roll} ${u.fran ?? ''}`;
      if (seats.has(seat)) refuse('ledamoter', i, l.id, `/uppdrag/${j}`, 'repeats a seat of the same organ, role and start');
      seats.add(seat);
    });
  });

  doc.arenden.forEach((a, i) => {
    const key = a.diarienummer;
    day('arenden', i, key, '/registrerad', a.registrerad);
    toOrgan('arenden', i, key, '/ansvarigtOrganId', a.ansvarigtOrganId);
    a.statushistorik.forEach((s, j) => {
      day('arenden', i, key, `/statushistorik/${j}/datum`, s.datum);
      if (s.datum < a.registrerad)
        refuse(
          'arenden',
          i,
          key,
          `/statushistorik/${j}/datum`,
          `${s.datum} is before the ärende was registered (${a.registrerad})`,
        );
    });
    const last = a.statushistorik[a.statushistorik.length - 1];
    if (last.status !== a.status)
      refuse('arenden', i, key, '/status', `is ${a.status}, but the last entry of its statushistorik is ${last.status}`);
    const titlar = new Set<string>();
    a.handlingar.forEach((h, j) => {
      const field = `/handlingar/${j}`;
      if (titlar.has(h.titel))
        refuse('arenden', i, key, `${field}/titel`, `the ärende has two handlingar titled ${JSON.stringify(h.titel)}`);
      titlar.add(h.titel);
      day('arenden', i, key, `${field}/datum`, h.datum);
      if (!h.fil) return;
      const bytes = Buffer.from(h.fil.innehall, 'base64');
      if (bytes.toString('base64') !== h.fil.innehall) {
        refuse('arenden', i, key, `${field}/fil/innehall`, 'is not base64 as the format writes it (padded, no line breaks)');
      } else if (bytes.length !== h.fil.storlek) {
        refuse('arenden', i, key, `${field}/fil/storlek`, `says ${h.fil.storlek} bytes, the file has ${bytes.length}`);
      } else if (createHash('sha256').update(bytes).digest('hex') !== h.fil.sha256) {
        refuse('arenden', i, key, `${field}/fil/sha256`, 'is not the SHA-256 of the file’s bytes');
      }
    });
  });

  doc.paragrafer.forEach((p, i) => {
    toOrgan('paragrafer', i, p.beteckning, '/organId', p.organId);
    toArende('paragrafer', i, p.beteckning, '/diarienummer', p.diarienummer);
    day('paragrafer', i, p.beteckning, '/datum', p.datum);
  });

  doc.uppdrag.forEach((u, i) => {
    toParagraf('uppdrag', i, u.id, '/givetI', u.givetI);
    toParagraf('uppdrag', i, u.id, '/aterrapporteradI', u.aterrapporteradI);
    toArende('uppdrag', i, u.id, '/diarienummer', u.diarienummer);
    day('uppdrag', i, u.id, '/deadline', u.deadline);
  });

  const decidedAt = new Map<string, string>();
  doc.sammantraden.forEach((s, i) => {
    toOrgan('sammantraden', i, s.id, '/organId', s.organId);
    day('sammantraden', i, s.id, '/datum', s.datum);
    if (s.borjar !== null && !isTime(s.borjar))
      refuse('sammantraden', i, s.id, '/borjar', `${s.borjar} is not a time of the calendar`);
    const nummer = new Set<number>();
    s.dagordning.forEach((d, j) => {
      if (nummer.has(d.nummer)) refuse('sammantraden', i, s.id, `/dagordning`, `has two items numbered ${d.nummer}`);
      nummer.add(d.nummer);
      toArende('sammantraden', i, s.id, `/dagordning/${j}/diarienummer`, d.diarienummer);
      toParagraf('sammantraden', i, s.id, `/dagordning/${j}/paragraf`, d.paragraf);
      if (d.paragraf !== null) {
        const other = decidedAt.get(d.paragraf);
        if (other !== undefined)
          refuse('sammantraden', i, s.id, `/dagordning`, `paragraf ${d.paragraf} is already an item of ${other}`);
        decidedAt.set(d.paragraf, `sammanträde ${s.id}`);
      }
    });
    s.narvarande.forEach((id) => toLedamot('sammantraden', i, s.id, '/narvarande', id));
    const p = s.protokoll;
    if (!p) return;
    day('sammantraden', i, s.id, '/protokoll/justeringsdag', p.justeringsdag);
    day('sammantraden', i, s.id, '/protokoll/anslagsdag', p.anslagsdag);
    if (p.justeringsdag && p.anslagsdag && p.anslagsdag < p.justeringsdag)
      refuse('sammantraden', i, s.id, '/protokoll/anslagsdag', `${p.anslagsdag} is before the justeringsdag ${p.justeringsdag}`);
    p.justerare.forEach((id) => toLedamot('sammantraden', i, s.id, '/protokoll/justerare', id));
    const mottagare = new Set<string>();
    p.utdrag.forEach((u, j) => {
      day('sammantraden', i, s.id, `/protokoll/utdrag/${j}/expedierat`, u.expedierat);
      if (mottagare.has(u.mottagare))
        refuse('sammantraden', i, s.id, `/protokoll/utdrag/${j}/mottagare`, `a second extract to ${JSON.stringify(u.mottagare)}`);
      mottagare.add(u.mottagare);
    });
  });
  return refusals;
}
