import type { DataSource } from 'typeorm';
import type { Caller } from '#platform/auth/caller';
import { RequestDb, type RequestDbOptions } from '#platform/database/requestDb';
import { createLoaders, type Loaders } from './loaders/createLoaders';
import { createRepositories, type Repositories } from './repositories';
import { createServices, type Services } from './services';

/** What every resolver gets: who asks, this request's database work, the writes and the request's own loaders. */
export interface SamverkanContext {
  /** This request's connection and transactions; `end()` gives them back when the answer is complete. */
  db: RequestDb;
  repos: Repositories;
  services: Services;
  loaders: Loaders;
  /** The user the gateway vouches for; null for an anonymous reader. */
  caller: Caller | null;
}

/** A request's context: its repositories, writes and loaders all work in its RequestDb, as its caller. */
export function createContext(
  dataSource: DataSource,
  caller: Caller | null = null,
  dbOptions: RequestDbOptions = {},
): SamverkanContext {
  const db = new RequestDb(dataSource, caller, dbOptions);
  const repos = createRepositories(db);
  return { db, repos, services: createServices(db, repos, caller), loaders: createLoaders(repos), caller };
}
