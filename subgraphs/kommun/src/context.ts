import { createLoaders, type Loaders } from './loaders/createLoaders';
import type { Repositories } from './repositories';

/** What every resolver gets: which kommun this instance serves, fresh loaders, and today. */
export interface KommunContext {
  kommunkod: string;
  repos: Repositories;
  loaders: Loaders;
  /** Today's date (YYYY-MM-DD) in Swedish time, for deriving `forsenad`. */
  today: string;
}

export function createContext(kommunkod: string, repos: Repositories, clock: () => Date): KommunContext {
  return { kommunkod, repos, loaders: createLoaders(repos), today: swedishDate(clock()) };
}

function swedishDate(now: Date): string {
  // sv-SE formats as YYYY-MM-DD.
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}
