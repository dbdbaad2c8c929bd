import type { Granskningspost } from '#subgraph-kit/granskningslogg';
import type { SamverkanContext } from '../context';

export const SamverkanGranskningspost = {
  samverkan: (post: Granskningspost, _: unknown, ctx: SamverkanContext) => ctx.loaders.samverkan.load(post.samverkanId!),
  detaljer: (post: Granskningspost) => JSON.stringify(post.detaljer),
};
