import type { Granskningspost as Post } from '../../../../common/src/database/granskningslogg';

export const Granskningspost = {
  detaljer: (post: Post) => JSON.stringify(post.detaljer),
};
