import type { Caller } from '#platform/auth/caller';
import type { Db } from '#platform/database/requestDb';
import type { Repositories } from '../repositories';
import { GranskningService } from './GranskningService';
import { LikalydandeBeslutService } from './LikalydandeBeslutService';
import { SamverkanService } from './SamverkanService';

/** One request's writes (and the audit's reading): business rules, authorisation and transactions; SQL stays in the repositories. */
export function createServices(db: Db, repos: Repositories, caller: Caller | null) {
  return {
    samverkan: new SamverkanService(db, repos, caller),
    granskning: new GranskningService(repos, caller),
    likalydande: new LikalydandeBeslutService(db, repos, caller),
  };
}

export type Services = ReturnType<typeof createServices>;
