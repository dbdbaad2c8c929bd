import { compact, type OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';

export interface HandlingNode {
  id: string;
  titel: string;
  typ: string;
  datum: string | null;
  uppdaterad: string;
  arende: { diarienummer: string } | null;
  fil: { mediatyp: string; storlek: number; filnamn: string } | null;
  /** A short-lived signed link for the anonymous reader; followed by the access URL, never served. */
  url: string | null;
}

/** Where a File's bytes are opened: a stable URL that sends the reader on to a fresh signed link. */
export const accessUrlOf = (urls: OparlUrls, kommunkod: string, id: string) => `${urls.object(kommunkod, 'file', id)}/access`;

/** A document (handling) with its file as a File. */
export function file(
  urls: OparlUrls,
  kommunkod: string,
  handling: HandlingNode & { fil: NonNullable<HandlingNode['fil']> },
): OparlObject {
  return {
    id: urls.object(kommunkod, 'file', handling.id),
    type: oparlType('File'),
    ...compact({
      name: handling.titel,
      fileName: handling.fil.filnamn,
      mimeType: handling.fil.mediatyp,
      size: handling.fil.storlek,
      date: handling.datum,
      accessUrl: accessUrlOf(urls, kommunkod, handling.id),
      paper: handling.arende ? [urls.object(kommunkod, 'paper', handling.arende.diarienummer)] : [],
      modified: handling.uppdaterad,
      [`${VENDOR}:handlingstyp`]: handling.typ,
    }),
  };
}
