import type { SamverkanContext } from '../context';
import type { Avtal as AvtalRow } from '../entities/Avtal';

export const Avtal = {
  __resolveReference: (ref: { id: string }, ctx: SamverkanContext) => ctx.loaders.avtal.load(ref.id),
  omrade: (row: AvtalRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.omrade.load(row.omradeId),
  parter: (row: AvtalRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.avtalsparter.load(row.id),
};
