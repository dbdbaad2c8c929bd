import type { SamverkanContext } from '../context';

export const Query = {
  samverkan: (_: unknown, __: unknown, ctx: SamverkanContext) => ctx.repos.samverkan.all(),
  samverkansomrade: (_: unknown, args: { id: string }, ctx: SamverkanContext) => ctx.loaders.omrade.load(args.id),
  avtal: (_: unknown, args: { id: string }, ctx: SamverkanContext) => ctx.loaders.avtal.load(args.id),
  likalydandeBeslut: (_: unknown, __: unknown, ctx: SamverkanContext) => ctx.repos.likalydande.all(),
  granskningslogg: (_: unknown, args: { first: number }, ctx: SamverkanContext) => ctx.services.granskning.senaste(args.first),
};
