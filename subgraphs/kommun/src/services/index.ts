import type { DataSource } from 'typeorm';
import type { Repositories } from '../repositories';
import { ArendeService } from './ArendeService';
import { ParagrafService } from './ParagrafService';
import { UppdragService } from './UppdragService';

/** The kommun's writes: business rules and transactions; SQL stays in the repositories. */
export function createServices(dataSource: DataSource, repos: Repositories, kommunkod: string) {
  return {
    arende: new ArendeService(dataSource, repos, kommunkod),
    paragraf: new ParagrafService(dataSource, repos, kommunkod),
    uppdrag: new UppdragService(dataSource, repos, kommunkod),
  };
}

export type Services = ReturnType<typeof createServices>;
