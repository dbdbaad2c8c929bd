import type { EntityManager } from 'typeorm';
import { rowsOf } from './libraryInternals';

/**
 * Runs one SQL statement in the manager's transaction and answers its rows, whatever the
 * statement: TypeORM answers UPDATE and DELETE with `[rows, rowCount]` and everything else with
 * the rows, so every repository reads raw SQL results through here instead of guessing.
 */
export async function queryRows<T = Record<string, unknown>>(
  m: EntityManager,
  sql: string,
  parameters?: unknown[],
): Promise<T[]> {
  return rowsOf<T>(await m.query(sql, parameters));
}
