import { handlingMarker } from '#platform/handlingMarker';
import type { KommunContext } from '../context';
import type { Handling as HandlingRow } from '../entities/Handling';

// Reached through an ärende's beslutsunderlag or the documents' sync feed; sekretess withholds a
// restricted ärende's documents on either path (row-level security), and with them their links.
export const Handling = {
  kommunkod: (_: HandlingRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  arende: (row: HandlingRow, _: unknown, ctx: KommunContext) => ctx.loaders.arende.load(row.diarienummer),
  fil: (row: HandlingRow) =>
    row.sha256 === null
      ? null
      : { mediatyp: row.mediatyp, storlek: row.storlek, sha256: row.sha256, filnamn: row.filnamn ?? `handling-${row.id}` },
  url: (row: HandlingRow, _: unknown, ctx: KommunContext) =>
    row.sha256 === null ? null : handlingMarker({ purpose: 'las', kommunkod: ctx.kommunkod, id: row.id }),
};
