import { badUserInput } from '#platform/errors';
import type { KommunContext } from '../context';
import type { Sammantrade as SammantradeRow } from '../entities/Sammantrade';
import type { Period } from '../repositories/SammantradeRepository';

export const Sammantrade = {
  __resolveReference: (ref: { kommunkod: string; id: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.sammantrade.load(ref.id) : null,
  kommunkod: (_: SammantradeRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  organ: (row: SammantradeRow, _: unknown, ctx: KommunContext) => ctx.loaders.organ.load(row.organId),
  dagordning: (row: SammantradeRow, _: unknown, ctx: KommunContext) => ctx.loaders.dagordning.load(row.id),
  protokoll: (row: SammantradeRow, _: unknown, ctx: KommunContext) => ctx.loaders.protokoll.load(row.id),
  narvarande: (row: SammantradeRow, _: unknown, ctx: KommunContext) => narvarande(row.id, ctx),
};

/** The members present at a meeting; null when none are recorded, as the source did not say. */
export async function narvarande(sammantradeId: string, ctx: KommunContext) {
  const present = await ctx.loaders.narvarande.load(sammantradeId);
  return present.length ? present : null;
}

/** The period of a `sammantraden(fran, till)` field; one that ends before it begins is refused. */
export function periodOf(args: { fran?: string | null; till?: string | null }): Period {
  if (args.fran && args.till && args.fran > args.till) {
    throw badUserInput(`fran (${args.fran}) is after till (${args.till}); no meeting can match.`, 'till');
  }
  return { fran: args.fran ?? null, till: args.till ?? null };
}
