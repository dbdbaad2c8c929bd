import type { DataSource } from 'typeorm';
import type { Caller } from '../../../common/src/auth/caller';
import { RequestDb } from '../../../common/src/database/requestDb';
import { createLoaders, type Loaders } from './loaders/createLoaders';
import { createRepositories, type Repositories } from './repositories';
import { createServices, type Services } from './services';

/** What every resolver gets: which kommun this instance serves, who asks, this request's database work, and today. */
export interface KommunContext {
  kommunkod: string;
  /** This request's connection and transactions; `end()` gives them back when the answer is complete. */
  db: RequestDb;
  repos: Repositories;
  services: Services;
  loaders: Loaders;
  /** Today's date (YYYY-MM-DD) in Swedish time, for deriving `forsenad` and defaulting dates of writes. */
  today: string;
  /** The user the gateway vouches for; null for an anonymous reader. */
  caller: Caller | null;
}

/** A request's context: its repositories, writes and loaders all work in its RequestDb, as its caller. */
export function createContext(
  kommunkod: string,
  dataSource: DataSource,
  clock: () => Date,
  caller: Caller | null = null,
): KommunContext {
  const db = new RequestDb(dataSource, caller);
  const repos = createRepositories(db);
  return {
    kommunkod,
    db,
    repos,
    services: createServices(db, repos, kommunkod, caller),
    loaders: createLoaders(repos),
    today: swedishDate(clock()),
    caller,
  };
}

function swedishDate(now: Date): string {
  // sv-SE formats as YYYY-MM-DD.
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}
