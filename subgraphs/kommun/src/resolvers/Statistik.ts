import type { KommunContext } from '../context';

/** What `Query.statistik` hands on: whether this kommun is among those asked for. */
export interface StatistikSource {
  medrakna: boolean;
}

// Every row carries this kommun's kommunkod, so that a dashboard that selects it keeps the
// kommuner apart; without it the router adds the kommuner's rows up.
const withKommunkod = <T>(rows: T[], ctx: KommunContext) => rows.map((row) => ({ ...row, kommunkod: ctx.kommunkod }));

export const Statistik = {
  arenden: async (source: StatistikSource, _: unknown, ctx: KommunContext) =>
    source.medrakna ? withKommunkod(await ctx.repos.statistik.arenden(), ctx) : [],

  uppdrag: async (source: StatistikSource, _: unknown, ctx: KommunContext) =>
    source.medrakna ? withKommunkod(await ctx.repos.statistik.uppdrag(ctx.today), ctx) : [],

  paragrafer: async (source: StatistikSource, _: unknown, ctx: KommunContext) =>
    source.medrakna ? withKommunkod(await ctx.repos.statistik.paragrafer(), ctx) : [],
};
