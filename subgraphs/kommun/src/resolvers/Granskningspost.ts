import type { Granskningspost as Post } from '#subgraph-kit/granskningslogg';

export const Granskningspost = {
  detaljer: (post: Post) => JSON.stringify(post.detaljer),
};
