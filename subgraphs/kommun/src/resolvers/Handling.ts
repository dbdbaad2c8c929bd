import type { KommunContext } from '../context';
import type { Handling as HandlingRow } from '../entities/Handling';

// Reached through an ärende's beslutsunderlag or the documents' sync feed; row-level security
// shows a restricted ärende's documents on either path only to those who may read them.
export const Handling = {
  kommunkod: (_: HandlingRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  arende: (row: HandlingRow, _: unknown, ctx: KommunContext) => ctx.loaders.arende.load(row.diarienummer),
};
