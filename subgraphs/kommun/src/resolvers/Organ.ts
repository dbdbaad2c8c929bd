import type { KommunContext } from '../context';
import type { Organ as OrganRow } from '../entities/Organ';
import { periodOf } from './Sammantrade';

export const Organ = {
  __resolveReference: (ref: { kommunkod: string; id: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.organ.load(ref.id) : null,
  kommunkod: (_: unknown, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  sammantraden: (row: OrganRow, args: { fran?: string | null; till?: string | null }, ctx: KommunContext) =>
    ctx.loaders.sammantradenForOrgan(periodOf(args)).load(row.id),
  ledamotskap: (row: OrganRow, args: { per?: string | null }, ctx: KommunContext) =>
    ctx.loaders.ledamotskapForOrgan(args.per ?? null).load(row.id),
};
