import type { Caller } from '#platform/auth/caller';
import type { Db } from '#platform/database/requestDb';
import type { Repositories } from '../repositories';
import { ArendeService } from './ArendeService';
import { GranskningService } from './GranskningService';
import { HandlingService } from './HandlingService';
import { LedamotService } from './LedamotService';
import { OverklagandeService } from './OverklagandeService';
import { ParagrafService } from './ParagrafService';
import { SammantradeService } from './SammantradeService';
import { UppdragService } from './UppdragService';

/**
 * One request's writes (and the audit's reading): business rules, authorisation of the caller
 * and transactions; SQL stays in the repositories.
 */
export function createServices(db: Db, repos: Repositories, kommunkod: string, caller: Caller | null) {
  return {
    arende: new ArendeService(db, repos, kommunkod, caller),
    paragraf: new ParagrafService(db, repos, kommunkod, caller),
    uppdrag: new UppdragService(db, repos, kommunkod, caller),
    granskning: new GranskningService(repos, kommunkod, caller),
    handling: new HandlingService(db, repos, kommunkod, caller),
    overklagande: new OverklagandeService(repos),
    sammantrade: new SammantradeService(db, repos, kommunkod, caller),
    ledamot: new LedamotService(db, repos, kommunkod, caller),
  };
}

export type Services = ReturnType<typeof createServices>;
