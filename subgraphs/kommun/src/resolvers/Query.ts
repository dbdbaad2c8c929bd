import type { KommunContext } from '../context';
import type { StatistikSource } from './Statistik';

// Each instance answers only for its own kommun; the kommun router sends a request to the
// right instance, and these checks keep a misrouted one from answering for another kommun.
export const Query = {
  kommun: (_: unknown, args: { kommunkod: string }, ctx: KommunContext) => (args.kommunkod === ctx.kommunkod ? ctx.kommun : null),

  kommuner: async (_: unknown, args: { kommunkoder?: string[] | null; lan?: string | null }, ctx: KommunContext) => {
    if (args.kommunkoder && !args.kommunkoder.includes(ctx.kommunkod)) return [];
    // SCB codes: a kommunkod starts with the code of its län.
    if (args.lan && !ctx.kommunkod.startsWith(args.lan)) return [];
    return [ctx.kommun];
  },

  arende: (_: unknown, args: { kommunkod: string; diarienummer: string }, ctx: KommunContext) =>
    args.kommunkod === ctx.kommunkod ? ctx.loaders.arende.load(args.diarienummer) : null,

  paragraf: (_: unknown, args: { kommunkod: string; beteckning: string }, ctx: KommunContext) =>
    args.kommunkod === ctx.kommunkod ? ctx.loaders.paragraf.load(args.beteckning) : null,

  sammantrade: (_: unknown, args: { kommunkod: string; id: string }, ctx: KommunContext) =>
    args.kommunkod === ctx.kommunkod ? ctx.loaders.sammantrade.load(args.id) : null,

  ledamot: (_: unknown, args: { kommunkod: string; id: string }, ctx: KommunContext) =>
    args.kommunkod === ctx.kommunkod ? ctx.loaders.ledamot.load(args.id) : null,

  overklagbaraBeslut: (
    _: unknown,
    args: { kommunkoder?: string[] | null; lan?: string | null; per?: string | null },
    ctx: KommunContext,
  ) => {
    if (args.kommunkoder && !args.kommunkoder.includes(ctx.kommunkod)) return [];
    if (args.lan && !ctx.kommunkod.startsWith(args.lan)) return [];
    return ctx.services.overklagande.overklagbara(args.per ?? ctx.today);
  },

  statistik: (_: unknown, args: { kommunkoder?: string[] | null; lan?: string | null }, ctx: KommunContext): StatistikSource => ({
    medrakna:
      (!args.kommunkoder || args.kommunkoder.includes(ctx.kommunkod)) && (!args.lan || ctx.kommunkod.startsWith(args.lan)),
  }),
};
