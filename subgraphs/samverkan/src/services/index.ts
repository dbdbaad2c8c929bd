import type { DataSource } from 'typeorm';
import type { Repositories } from '../repositories';
import { SamverkanService } from './SamverkanService';

/** The samverkan writes: business rules and transactions; SQL stays in the repositories. */
export function createServices(dataSource: DataSource, repos: Repositories) {
  return { samverkan: new SamverkanService(dataSource, repos) };
}

export type Services = ReturnType<typeof createServices>;
