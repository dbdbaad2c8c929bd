import type { SamverkanContext } from '../context';
import type { ArendeKey } from '../repositories/OmradeRepository';

// The kommun subgraph owns Arende; this subgraph knows only its key and adds the areas it concerns.
export const Arende = {
  __resolveReference: (ref: ArendeKey) => ({ kommunkod: ref.kommunkod, diarienummer: ref.diarienummer }),
  samverkansomraden: (ref: ArendeKey, _: unknown, ctx: SamverkanContext) =>
    ctx.loaders.omradenForArende.load({ kommunkod: ref.kommunkod, diarienummer: ref.diarienummer }),
};
