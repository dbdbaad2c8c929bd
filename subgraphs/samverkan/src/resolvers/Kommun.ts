import type { SamverkanContext } from '../context';

// The kommun subgraph owns Kommun; this subgraph knows only its key and adds its areas.
export const Kommun = {
  __resolveReference: (ref: { kommunkod: string }) => ({ kommunkod: ref.kommunkod }),
  samverkansomraden: (ref: { kommunkod: string }, _: unknown, ctx: SamverkanContext) =>
    ctx.loaders.omradenForKommun.load(ref.kommunkod),
};
