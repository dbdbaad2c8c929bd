import { createLoaders, type Loaders } from './loaders/createLoaders';
import type { Repositories } from './repositories';
import type { Services } from './services';

/** What every resolver gets: the repositories, the writes and this request's own loaders. */
export interface SamverkanContext {
  repos: Repositories;
  services: Services;
  loaders: Loaders;
}

export function createContext(repos: Repositories, services: Services): SamverkanContext {
  return { repos, services, loaders: createLoaders(repos) };
}
