import type { Caller } from '../../../common/src/auth/caller';
import { createLoaders, type Loaders } from './loaders/createLoaders';
import type { Repositories } from './repositories';
import type { Services } from './services';

/** What every resolver gets: which kommun this instance serves, fresh loaders, the writes, and today. */
export interface KommunContext {
  kommunkod: string;
  repos: Repositories;
  services: Services;
  loaders: Loaders;
  /** Today's date (YYYY-MM-DD) in Swedish time, for deriving `forsenad` and defaulting dates of writes. */
  today: string;
  /** The user the gateway vouches for; null for an anonymous reader. */
  caller: Caller | null;
}

export function createContext(
  kommunkod: string,
  repos: Repositories,
  services: Services,
  clock: () => Date,
  caller: Caller | null = null,
): KommunContext {
  return { kommunkod, repos, services, loaders: createLoaders(repos), today: swedishDate(clock()), caller };
}

function swedishDate(now: Date): string {
  // sv-SE formats as YYYY-MM-DD.
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}
