import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, Logger } from 'typeorm';
import { createDataSource } from '#platform/database/createDataSource';
import { ensureDatabase } from '#platform/database/ensureDatabase';
import { entities } from '../entities';
import { migrations } from '../migrations';

/** Says nothing: a statement the database refuses is reported as a refused record (or thrown), not logged as SQL on the console. */
const quiet: Logger = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };

/**
 * The kommun's database for an import: created when the server does not have it yet and
 * migrated as the service does at start, so that a kommun can be loaded before it first runs.
 */
export async function openForImport(url: string): Promise<DataSource> {
  await ensureDatabase(url);
  const dataSource = createDataSource({ url, entities, migrations, poolSize: 2, logger: quiet });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** What `npm run import` reads: a file, or a folder holding `kommun.json`. */
export function importFileOf(given: string): string {
  return fs.statSync(given, { throwIfNoEntry: false })?.isDirectory() ? path.join(given, 'kommun.json') : given;
}
