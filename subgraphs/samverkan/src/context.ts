import { createLoaders, type Loaders } from './loaders/createLoaders';
import type { Repositories } from './repositories';

/** What every resolver gets: the repositories and this request's own loaders. */
export interface SamverkanContext {
  repos: Repositories;
  loaders: Loaders;
}

export function createContext(repos: Repositories): SamverkanContext {
  return { repos, loaders: createLoaders(repos) };
}
