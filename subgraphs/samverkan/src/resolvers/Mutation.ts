import type { SamverkanContext } from '../context';
import type { LikalydandeBeslutsanmalanInput, NyttLikalydandeBeslutInput } from '../services/LikalydandeBeslutService';
import type { NyttAvtalInput, StatusandringInput } from '../services/SamverkanService';

// Thin: the service checks and writes in one transaction; the loaders start from what was written.
export const Mutation = {
  andraSamverkansstatus: async (_: unknown, args: { id: string; input: StatusandringInput }, ctx: SamverkanContext) => {
    const omrade = await ctx.services.samverkan.andraStatus(args.id, args.input);
    ctx.loaders.omrade.clear(omrade.id).prime(omrade.id, omrade);
    ctx.loaders.omradeStatushistorik.clear(omrade.id);
    ctx.loaders.omradeBeslut.clear(omrade.id);
    return omrade;
  },

  registreraAvtal: async (_: unknown, args: { input: NyttAvtalInput }, ctx: SamverkanContext) => {
    const avtal = await ctx.services.samverkan.registreraAvtal(args.input);
    ctx.loaders.avtal.clear(avtal.id).prime(avtal.id, avtal);
    ctx.loaders.avtalForOmrade.clear(avtal.omradeId);
    return avtal;
  },

  registreraLikalydandeBeslut: async (_: unknown, args: { input: NyttLikalydandeBeslutInput }, ctx: SamverkanContext) => {
    const beslut = await ctx.services.likalydande.registrera(args.input);
    ctx.loaders.likalydandeBeslut.clear(beslut.id).prime(beslut.id, beslut);
    ctx.loaders.likalydandeForSamverkan.clear(beslut.samverkanId);
    return beslut;
  },

  anmalLikalydandeBeslut: async (
    _: unknown,
    args: { id: string; input: LikalydandeBeslutsanmalanInput },
    ctx: SamverkanContext,
  ) => {
    const beslut = await ctx.services.likalydande.anmal(args.id, args.input);
    ctx.loaders.likalydandeParter.clear(beslut.id);
    return beslut;
  },
};
