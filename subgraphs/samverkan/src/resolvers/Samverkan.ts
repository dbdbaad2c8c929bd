import type { SamverkanContext } from '../context';
import type { Samverkan as SamverkanRow } from '../entities/Samverkan';

export const Samverkan = {
  __resolveReference: (ref: { id: string }, ctx: SamverkanContext) => ctx.loaders.samverkan.load(ref.id),
  parter: (row: SamverkanRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.samverkanParter.load(row.id),
  omraden: (row: SamverkanRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.omradenForSamverkan.load(row.id),
  likalydandeBeslut: (row: SamverkanRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.likalydandeForSamverkan.load(row.id),
  uppfoljningar: (row: SamverkanRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.uppfoljningar.load(row.id),
};
