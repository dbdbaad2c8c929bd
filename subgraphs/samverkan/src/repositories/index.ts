import type { DataSource } from 'typeorm';
import { AvtalRepository } from './AvtalRepository';
import { OmradeRepository } from './OmradeRepository';
import { SamverkanRepository } from './SamverkanRepository';

export function createRepositories(dataSource: DataSource) {
  return {
    samverkan: new SamverkanRepository(dataSource),
    omrade: new OmradeRepository(dataSource),
    avtal: new AvtalRepository(dataSource),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
