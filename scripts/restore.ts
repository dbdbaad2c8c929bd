import fs from 'node:fs';
import { runMain } from '#platform/runService';
import { ConfigError } from '#platform/configError';
import { createDataSource } from '#platform/database/createDataSource';
import { ensureDatabase } from '#platform/database/ensureDatabase';
import { restoreDatabase, type DatabaseBackup } from '#platform/database/logicalBackup';
import { entities } from '../subgraphs/kommun/src/entities';
import { migrations } from '../subgraphs/kommun/src/migrations';
import { loadBackupConfig } from './config';

/**
 * `npm run restore -- <file>`: brings a kommun's backup back into a new database (the kommun's
 * `kommun_<kod>` on `npm start`'s server, or KOMMUN_DATABASE_URL), which must not have tables yet.
 * Start the kommun on it as usual. Sync positions (`andradeEfter`) of the old server do not
 * carry over: clients start again from null.
 */
runMain(async () => {
  const [file] = process.argv.slice(2);
  if (!file) throw new ConfigError('usage: npm run restore -- <backup file>');
  const backup = JSON.parse(fs.readFileSync(file, 'utf8')) as DatabaseBackup;
  const kommunkod = /^kommun (\d{4})$/.exec(backup.of ?? '')?.[1];
  if (!kommunkod) throw new ConfigError(`${file} is not the backup of a kommun`);
  const url = loadBackupConfig().kommunDatabaseUrl(kommunkod);
  await ensureDatabase(url);
  await restoreDatabase(backup, backup.of, createDataSource({ url, entities, migrations }));
  const rows = backup.tables.reduce((sum, t) => sum + t.rows.length, 0);
  console.log(`restored kommun ${kommunkod} (${rows} rows, taken ${backup.takenAt}) into ${new URL(url).pathname.slice(1)}`);
});
