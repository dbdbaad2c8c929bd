import type { Db } from '#platform/database/requestDb';
import { AvtalRepository } from './AvtalRepository';
import { GranskningRepository } from './GranskningRepository';
import { LikalydandeBeslutRepository } from './LikalydandeBeslutRepository';
import { OmradeRepository } from './OmradeRepository';
import { SamverkanRepository } from './SamverkanRepository';

/** One request's repositories: their reads run in the request's transaction (see RequestDb). */
export function createRepositories(db: Db) {
  return {
    samverkan: new SamverkanRepository(db),
    omrade: new OmradeRepository(db),
    avtal: new AvtalRepository(db),
    granskning: new GranskningRepository(db),
    likalydande: new LikalydandeBeslutRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
