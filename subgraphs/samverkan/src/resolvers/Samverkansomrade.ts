import type { SamverkanContext } from '../context';
import type { Samverkansomrade as OmradeRow } from '../entities/Samverkansomrade';
import { arendeRef, kommunRef, paragrafRef } from './references';

export const Samverkansomrade = {
  __resolveReference: (ref: { id: string }, ctx: SamverkanContext) => ctx.loaders.omrade.load(ref.id),
  statushistorik: (row: OmradeRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.omradeStatushistorik.load(row.id),
  samverkan: (row: OmradeRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.samverkan.load(row.samverkanId),
  parter: async (row: OmradeRow, _: unknown, ctx: SamverkanContext) =>
    (await ctx.loaders.omradeParter.load(row.id)).map((p) => kommunRef(p.kommunkod)),
  avtal: (row: OmradeRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.avtalForOmrade.load(row.id),
  beslut: async (row: OmradeRow, _: unknown, ctx: SamverkanContext) =>
    (await ctx.loaders.omradeBeslut.load(row.id)).map((b) => paragrafRef(b.kommunkod, b.beteckning)),
  arenden: async (row: OmradeRow, _: unknown, ctx: SamverkanContext) =>
    (await ctx.loaders.omradeArenden.load(row.id)).map((a) => arendeRef(a.kommunkod, a.diarienummer)),
};
