import type { KommunContext } from '../context';
import type { Paragraf as ParagrafRow } from '../entities/Paragraf';
import { narvarande } from './Sammantrade';

export const Paragraf = {
  __resolveReference: (ref: { kommunkod: string; beteckning: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.paragraf.load(ref.beteckning) : null,
  kommunkod: (_: ParagrafRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  organ: (row: ParagrafRow, _: unknown, ctx: KommunContext) => ctx.loaders.organ.load(row.organId),
  arende: (row: ParagrafRow, _: unknown, ctx: KommunContext) =>
    row.diarienummer ? ctx.loaders.arende.load(row.diarienummer) : null,
  sammantrade: (row: ParagrafRow, _: unknown, ctx: KommunContext) => ctx.loaders.sammantradeForParagraf.load(row.beteckning),
  // Each part is read only when asked for.
  beslutadAv: (row: ParagrafRow, _: unknown, ctx: KommunContext) => ({
    organ: () => ctx.loaders.organ.load(row.organId),
    sammantrade: () => ctx.loaders.sammantradeForParagraf.load(row.beteckning),
    narvarande: async () => {
      const sammantrade = await ctx.loaders.sammantradeForParagraf.load(row.beteckning);
      return sammantrade ? narvarande(sammantrade.id, ctx) : null;
    },
  }),
};
