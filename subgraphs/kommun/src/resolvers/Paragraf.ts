import type { KommunContext } from '../context';
import type { Paragraf as ParagrafRow } from '../entities/Paragraf';

export const Paragraf = {
  __resolveReference: (ref: { kommunkod: string; beteckning: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.paragraf.load(ref.beteckning) : null,
  kommunkod: (_: ParagrafRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  organ: (row: ParagrafRow, _: unknown, ctx: KommunContext) => ctx.loaders.organ.load(row.organId),
  arende: (row: ParagrafRow, _: unknown, ctx: KommunContext) =>
    row.diarienummer ? ctx.loaders.arende.load(row.diarienummer) : null,
};
