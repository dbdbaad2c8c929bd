import type { DataSource } from 'typeorm';
import type { Caller } from '#platform/auth/caller';
import { RequestDb, type RequestDbOptions } from '#platform/database/requestDb';
import type { Kommun } from './entities/Kommun';
import { createLoaders, type Loaders } from './loaders/createLoaders';
import { createRepositories, type Repositories } from './repositories';
import { createServices, type Services } from './services';

/** What every resolver gets: which kommun this instance serves, who asks, this request's database work, and today. */
export interface KommunContext {
  kommunkod: string;
  /** This instance's kommun, read from its database at start: it never changes while serving. */
  kommun: Kommun;
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
  kommun: Kommun,
  dataSource: DataSource,
  clock: () => Date,
  caller: Caller | null = null,
  dbOptions: RequestDbOptions = {},
): KommunContext {
  const db = new RequestDb(dataSource, caller, dbOptions);
  const { kommunkod } = kommun;
  const repos = createRepositories(db, kommunkod);
  return {
    kommunkod,
    kommun,
    db,
    repos,
    services: createServices(db, repos, kommunkod, caller),
    loaders: createLoaders(repos),
    today: swedishDate(clock()),
    caller,
  };
}

// sv-SE formats as YYYY-MM-DD. Made once: building a formatter per request showed in profiles.
const swedishDays = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' });

function swedishDate(now: Date): string {
  return swedishDays.format(now);
}
