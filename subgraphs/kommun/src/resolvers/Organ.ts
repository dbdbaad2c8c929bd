import type { KommunContext } from '../context';

export const Organ = {
  __resolveReference: (ref: { kommunkod: string; id: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.organ.load(ref.id) : null,
  kommunkod: (_: unknown, __: unknown, ctx: KommunContext) => ctx.kommunkod,
};
