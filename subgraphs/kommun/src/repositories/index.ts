import type { Db } from '#platform/database/requestDb';
import { ArendeRepository } from './ArendeRepository';
import { GranskningRepository } from './GranskningRepository';
import { HandlingRepository } from './HandlingRepository';
import { OrganRepository } from './OrganRepository';
import { ParagrafRepository } from './ParagrafRepository';
import { StatistikRepository } from './StatistikRepository';
import { UppdragRepository } from './UppdragRepository';

/** One request's repositories: their reads run in the request's transaction (see RequestDb). */
export function createRepositories(db: Db) {
  return {
    organ: new OrganRepository(db),
    arende: new ArendeRepository(db),
    paragraf: new ParagrafRepository(db),
    uppdrag: new UppdragRepository(db),
    granskning: new GranskningRepository(db),
    statistik: new StatistikRepository(db),
    handling: new HandlingRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
