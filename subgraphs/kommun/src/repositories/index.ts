import type { Db } from '#platform/database/requestDb';
import { ChangeFeed } from '#subgraph-kit/changeFeed';
import { ArendeRepository } from './ArendeRepository';
import { GranskningRepository } from './GranskningRepository';
import { HandlingRepository } from './HandlingRepository';
import { LedamotRepository } from './LedamotRepository';
import { OrganRepository } from './OrganRepository';
import { ParagrafRepository } from './ParagrafRepository';
import { SammantradeRepository } from './SammantradeRepository';
import { StatistikRepository } from './StatistikRepository';
import { UppdragRepository } from './UppdragRepository';

/**
 * One request's repositories: their reads run in the request's transaction (see RequestDb), and
 * the lists on the sync feed share one reader of it, whose markers are valid in this kommun only.
 */
export function createRepositories(db: Db, kommunkod: string) {
  const feed = new ChangeFeed(db, kommunkod);
  return {
    organ: new OrganRepository(db, feed),
    arende: new ArendeRepository(db, feed),
    paragraf: new ParagrafRepository(db, feed),
    uppdrag: new UppdragRepository(db, feed),
    granskning: new GranskningRepository(db),
    statistik: new StatistikRepository(db),
    handling: new HandlingRepository(db),
    sammantrade: new SammantradeRepository(db, feed),
    ledamot: new LedamotRepository(db, feed),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
