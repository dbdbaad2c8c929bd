import type { KommunContext } from '../context';
import type { Ledamot as LedamotRow, Ledamotskap as LedamotskapRow } from '../entities/Ledamot';

export const Ledamot = {
  __resolveReference: (ref: { kommunkod: string; id: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.ledamot.load(ref.id) : null,
  kommunkod: (_: LedamotRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  ledamotskap: (row: LedamotRow, _: unknown, ctx: KommunContext) => ctx.loaders.ledamotskapForLedamot.load(row.id),
};

export const Ledamotskap = {
  ledamot: (row: LedamotskapRow, _: unknown, ctx: KommunContext) => ctx.loaders.ledamot.load(row.ledamotId),
  organ: (row: LedamotskapRow, _: unknown, ctx: KommunContext) => ctx.loaders.organ.load(row.organId),
};
