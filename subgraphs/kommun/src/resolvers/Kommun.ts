import { Kind, type GraphQLResolveInfo } from 'graphql';
import { canReadRestricted } from '#platform/auth/caller';
import { badUserInput } from '#platform/errors';
import type { KommunContext } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Kommun as KommunRow } from '../entities/Kommun';
import { laterPosition, type FeedArgs } from '#subgraph-kit/changeFeed';
import { orderOf, positionOf, type ArendeFilter, type ArendePosition } from '../repositories/ArendeRepository';
import { periodOf } from './Sammantrade';

const MAX_PAGE = 100;

/** The filter as GraphQL gives it: the sync position is still the client's opaque string. */
type ArendeFilterInput = Omit<ArendeFilter, 'andradeEfter' | 'textISekretess'> & { andradeEfter?: string | null };

export const Kommun = {
  __resolveReference: (ref: { kommunkod: string }, ctx: KommunContext) => (ref.kommunkod === ctx.kommunkod ? ctx.kommun : null),

  /** The län's name; the deprecated field `lan` carries the same (see schema/kommun.graphql). */
  lansnamn: (kommun: KommunRow) => kommun.lan,

  organ: (_: KommunRow, __: unknown, ctx: KommunContext) => ctx.repos.organ.all(),

  arenden: async (
    _: KommunRow,
    args: { filter?: ArendeFilterInput | null; first: number; after?: string | null },
    ctx: KommunContext,
    info: GraphQLResolveInfo,
  ) => {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE) {
      throw badUserInput(`first must be between 1 and ${MAX_PAGE}, got ${args.first}`, 'first');
    }
    const { andradeEfter, ...given } = args.filter ?? {};
    const filter: ArendeFilter = { ...given, textISekretess: canReadRestricted(ctx.caller, ctx.kommunkod) };
    if (filter.registreradFran && filter.registreradTill && filter.registreradFran > filter.registreradTill) {
      throw badUserInput(
        `registreradFran (${filter.registreradFran}) is after registreradTill (${filter.registreradTill}); no ärende can match.`,
        'registreradTill',
      );
    }
    // Given at all (null too, as a first poll's unset variable is), it asks for commit order:
    // the sync feed, with tombstones; null or "" from the start, `after` pages on from there.
    if (args.filter && 'andradeEfter' in args.filter) {
      const start = await ctx.repos.arende.andringsposition(andradeEfter, 'andradeEfter');
      const after = await ctx.repos.arende.andringsposition(args.after, 'after');
      const counted = { ...filter, andradeEfter: start };
      const page = await ctx.repos.arende.andringar(
        { ...filter, andradeEfter: laterPosition(start, after) },
        args.first,
        selects(info, 'totalCount') && !after,
      );
      for (const row of page.nodes) ctx.loaders.arende.prime(row.diarienummer, row);
      return { ...page, totalCount: () => page.total ?? ctx.repos.arende.count(counted) };
    }
    const order = orderOf(filter) as ArendePosition['kind'];
    const after = args.after ? decodeCursor(args.after, order) : null;
    const { rows, total } = await ctx.repos.arende.page(filter, args.first + 1, after, selects(info, 'totalCount'));
    const nodes = rows.slice(0, args.first);
    for (const row of nodes) ctx.loaders.arende.prime(row.diarienummer, row);
    const last = nodes.at(-1);
    return {
      nodes,
      borttagna: [],
      pageInfo: { hasNextPage: rows.length > args.first, endCursor: last ? encodeCursor(positionOf(last, order)) : null },
      andringsmarkor: null,
      // Counted only when asked for, and with the page itself when that is the first page.
      totalCount: () => total ?? ctx.repos.arende.count(filter),
    };
  },

  paragrafandringar: (_: KommunRow, args: FeedArgs, ctx: KommunContext) => ctx.repos.paragraf.andringar(args),
  uppdragsandringar: (_: KommunRow, args: FeedArgs, ctx: KommunContext) => ctx.repos.uppdrag.andringar(args),
  handlingsandringar: (_: KommunRow, args: FeedArgs, ctx: KommunContext) => ctx.repos.arende.handlingsandringar(args),
  organandringar: (_: KommunRow, args: FeedArgs, ctx: KommunContext) => ctx.repos.organ.andringar(args),
  sammantradesandringar: (_: KommunRow, args: FeedArgs, ctx: KommunContext) => ctx.repos.sammantrade.andringar(args),
  ledamotsandringar: (_: KommunRow, args: FeedArgs, ctx: KommunContext) => ctx.repos.ledamot.andringar(args),

  paragrafer: (_: KommunRow, args: { ar?: number | null }, ctx: KommunContext) => ctx.repos.paragraf.list(args.ar ?? null),

  uppdrag: (_: KommunRow, args: { forsenade?: boolean | null }, ctx: KommunContext) =>
    ctx.repos.uppdrag.list({ forsenade: args.forsenade === true, today: ctx.today }),

  granskningslogg: (_: KommunRow, args: { first: number }, ctx: KommunContext) => ctx.services.granskning.senaste(args.first),

  sammantraden: async (_: KommunRow, args: { fran?: string | null; till?: string | null }, ctx: KommunContext) => {
    const rows = await ctx.repos.sammantrade.list(periodOf(args));
    for (const row of rows) ctx.loaders.sammantrade.prime(row.id, row);
    return rows;
  },

  ledamoter: (_: KommunRow, __: unknown, ctx: KommunContext) => ctx.repos.ledamot.all(),
};

/** Whether the query selects `field` directly under this field (fragments are not looked into). */
function selects(info: GraphQLResolveInfo, field: string): boolean {
  return info.fieldNodes.some((node) =>
    node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === field),
  );
}
