import path from 'node:path';
import type { Arendestatus } from '../entities/Arende';
import type { Handlingstyp } from '../entities/Handling';
import type { Ledamotsroll } from '../entities/Ledamot';
import type { Organtyp } from '../entities/Organ';
import type { Utfall } from '../entities/Paragraf';
import type { Sammantradesstatus } from '../entities/Sammantrade';
import type { Uppdragsstatus } from '../entities/Uppdrag';

/**
 * A kommun's records in the import and export format (contract/kommunexport.schema.json,
 * docs/import-export.md), in its canonical form: every optional field present, sets sorted.
 * Import compares records in this form, so a record reads as unchanged exactly when the
 * database already holds what it says.
 */

export const FORMAT_VERSION = 1;

/** The JSON Schema of the format; the contract of every file, read by the validator. */
export const SCHEMA_FILE = path.resolve(__dirname, '../../../../contract/kommunexport.schema.json');

export interface ExportOrgan {
  id: string;
  kortnamn: string;
  namn: string;
  typ: Organtyp;
}

export interface ExportLedamotsuppdrag {
  organId: string;
  roll: Ledamotsroll;
  fran: string | null;
  till: string | null;
}

export interface ExportLedamot {
  id: string;
  namn: string;
  parti: string | null;
  uppdrag: ExportLedamotsuppdrag[];
  illustrativaFalt: string[];
}

export interface ExportFil {
  mediatyp: string;
  storlek: number;
  sha256: string;
  /** The bytes, base64; empty where a file's bytes were not read (import's view of the database). */
  innehall: string;
}

export interface ExportHandling {
  titel: string;
  typ: Handlingstyp;
  datum: string | null;
  filnamn: string | null;
  fil: ExportFil | null;
}

export interface ExportStatus {
  status: Arendestatus;
  datum: string;
  kommentar: string | null;
}

export interface ExportArende {
  diarienummer: string;
  rubrik: string;
  beskrivning: string | null;
  status: Arendestatus;
  registrerad: string;
  ansvarigtOrganId: string | null;
  sekretess: { lagrum: string; beskrivning: string | null } | null;
  forslagTillBeslut: string[];
  statushistorik: ExportStatus[];
  handlingar: ExportHandling[];
  illustrativaFalt: string[];
}

export interface ExportParagraf {
  beteckning: string;
  organId: string;
  ar: number;
  nummer: number | null;
  datum: string | null;
  rubrik: string | null;
  beslutstext: string | null;
  utfall: Utfall | null;
  diarienummer: string | null;
  illustrativaFalt: string[];
}

export interface ExportUppdrag {
  id: string;
  beskrivning: string;
  mottagare: string;
  givetI: string | null;
  diarienummer: string | null;
  deadline: string | null;
  status: Uppdragsstatus;
  aterrapporteradI: string | null;
  illustrativaFalt: string[];
}

export interface ExportDagordningspunkt {
  nummer: number;
  rubrik: string | null;
  diarienummer: string | null;
  paragraf: string | null;
  illustrativaFalt: string[];
}

export interface ExportProtokoll {
  justeringsdag: string | null;
  anslagsdag: string | null;
  justerare: string[];
  utdrag: { mottagare: string; expedierat: string | null; expedieratAr: number | null }[];
  illustrativaFalt: string[];
}

export interface ExportSammantrade {
  id: string;
  organId: string;
  datum: string | null;
  borjar: string | null;
  plats: string | null;
  status: Sammantradesstatus;
  dagordning: ExportDagordningspunkt[];
  protokoll: ExportProtokoll | null;
  narvarande: string[];
  illustrativaFalt: string[];
}

export interface KommunExport {
  formatVersion: typeof FORMAT_VERSION;
  kommun: { kommunkod: string; namn: string; lan: string };
  kalla: string | null;
  exporterad: string | null;
  organ: ExportOrgan[];
  ledamoter: ExportLedamot[];
  arenden: ExportArende[];
  paragrafer: ExportParagraf[];
  uppdrag: ExportUppdrag[];
  sammantraden: ExportSammantrade[];
}

/** The lists of records, in the order import loads them (each refers only to lists before it, or to its own). */
export const LISTS = ['organ', 'ledamoter', 'arenden', 'paragrafer', 'uppdrag', 'sammantraden'] as const;
export type Lista = (typeof LISTS)[number] | 'handlingar';

/** A record's natural key, as import matches it against the database. */
export const keyOf = {
  organ: (r: ExportOrgan) => r.id,
  ledamoter: (r: ExportLedamot) => r.id,
  arenden: (r: ExportArende) => r.diarienummer,
  paragrafer: (r: ExportParagraf) => r.beteckning,
  uppdrag: (r: ExportUppdrag) => r.id,
  sammantraden: (r: ExportSammantrade) => r.id,
};

/** Sorted copies of a record's sets, so that their order in a file does not make a change. */
const seat = (s: ExportLedamotsuppdrag) => `${s.organId}\u0000${s.roll}\u0000${s.fran ?? ''}`;
/** By code point, not by locale: the same order on every machine. */
export const bySeat = (a: ExportLedamotsuppdrag, b: ExportLedamotsuppdrag) =>
  seat(a) < seat(b) ? -1 : seat(a) > seat(b) ? 1 : 0;
export const sortedIds = (ids: string[]) => [...ids].sort();
