import type { Caller } from '../../../common/src/auth/caller';
import { createLoaders, type Loaders } from './loaders/createLoaders';
import type { Repositories } from './repositories';
import type { Services } from './services';

/** What every resolver gets: the repositories, the writes and this request's own loaders. */
export interface SamverkanContext {
  repos: Repositories;
  services: Services;
  loaders: Loaders;
  /** The user the gateway vouches for; null for an anonymous reader. */
  caller: Caller | null;
}

export function createContext(repos: Repositories, services: Services, caller: Caller | null = null): SamverkanContext {
  return { repos, services, loaders: createLoaders(repos), caller };
}
