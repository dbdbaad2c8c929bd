import type { FeedArgs } from '#subgraph-kit/changeFeed';
import type { SamverkanContext } from '../context';

export const Query = {
  samverkan: (_: unknown, __: unknown, ctx: SamverkanContext) => ctx.repos.samverkan.all(),
  samverkansomrade: (_: unknown, args: { id: string }, ctx: SamverkanContext) => ctx.loaders.omrade.load(args.id),
  avtal: (_: unknown, args: { id: string }, ctx: SamverkanContext) => ctx.loaders.avtal.load(args.id),
  likalydandeBeslut: (_: unknown, __: unknown, ctx: SamverkanContext) => ctx.repos.likalydande.all(),
  samverkansandringar: (_: unknown, args: FeedArgs, ctx: SamverkanContext) => ctx.repos.samverkan.andringar(args),
  samverkansomradesandringar: (_: unknown, args: FeedArgs, ctx: SamverkanContext) => ctx.repos.omrade.andringar(args),
  avtalsandringar: (_: unknown, args: FeedArgs, ctx: SamverkanContext) => ctx.repos.avtal.andringar(args),
  uppfoljningsandringar: (_: unknown, args: FeedArgs, ctx: SamverkanContext) => ctx.repos.samverkan.uppfoljningsandringar(args),
  granskningslogg: (_: unknown, args: { first: number }, ctx: SamverkanContext) => ctx.services.granskning.senaste(args.first),
};
