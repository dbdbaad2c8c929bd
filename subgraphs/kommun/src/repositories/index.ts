import type { DataSource } from 'typeorm';
import { ArendeRepository } from './ArendeRepository';
import { KommunRepository } from './KommunRepository';
import { OrganRepository } from './OrganRepository';
import { ParagrafRepository } from './ParagrafRepository';
import { UppdragRepository } from './UppdragRepository';

export function createRepositories(dataSource: DataSource) {
  return {
    kommun: new KommunRepository(dataSource),
    organ: new OrganRepository(dataSource),
    arende: new ArendeRepository(dataSource),
    paragraf: new ParagrafRepository(dataSource),
    uppdrag: new UppdragRepository(dataSource),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
