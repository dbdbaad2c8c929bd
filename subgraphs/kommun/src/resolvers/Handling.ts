import { handlingMarker } from '#platform/handlingMarker';
import type { KommunContext } from '../context';
import type { Handling as HandlingRow } from '../entities/Handling';

// A document is only ever reached through its ärende's beslutsunderlag, which sekretess already
// withholds from those who may not read it (and row-level security with it): so is its link.
export const Handling = {
  kommunkod: (_: HandlingRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  fil: (row: HandlingRow) =>
    row.sha256 === null
      ? null
      : { mediatyp: row.mediatyp, storlek: row.storlek, sha256: row.sha256, filnamn: row.filnamn ?? `handling-${row.id}` },
  url: (row: HandlingRow, _: unknown, ctx: KommunContext) =>
    row.sha256 === null ? null : handlingMarker({ purpose: 'las', kommunkod: ctx.kommunkod, id: row.id }),
};
