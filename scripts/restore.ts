import fs from 'node:fs';
import { runMain } from '#platform/runService';
import { ConfigError } from '#platform/configError';
import { createDataSource } from '#platform/database/createDataSource';
import { databaseExists, databaseUrl, dropDatabase, ensureDatabase } from '#platform/database/ensureDatabase';
import { replaceDatabase } from '#platform/database/replaceDatabase';
import { restoreDatabase, type DatabaseBackup } from '#platform/database/logicalBackup';
import { entities } from '../subgraphs/kommun/src/entities';
import { migrations } from '../subgraphs/kommun/src/migrations';
import { loadBackupConfig } from './config';

/**
 * `npm run restore -- <file>`: brings a kommun's backup back into a new database (the kommun's
 * `kommun_<kod>` on `npm start`'s server, or KOMMUN_DATABASE_URL), which must not have tables yet.
 * Start the kommun on it as usual.
 *
 * `npm run restore -- --replace <file>`: the kommun's database has tables (it is running, under
 * `npm start` say): the backup goes into a new database beside it, which then takes the live
 * one's name while the kommun runs on; the live one is kept under `<name>_fore_<time>`.
 *
 * Sync positions (`andradeEfter`) of the old database do not carry over: clients start again
 * from null.
 */
runMain(async () => {
  const args = process.argv.slice(2);
  const replace = args.includes('--replace');
  const [file, ...rest] = args.filter((a) => a !== '--replace');
  if (!file || rest.length) throw new ConfigError('usage: npm run restore -- [--replace] <backup file>');
  const backup = JSON.parse(fs.readFileSync(file, 'utf8')) as DatabaseBackup;
  const kommunkod = /^kommun (\d{4})$/.exec(backup.of ?? '')?.[1];
  if (!kommunkod) throw new ConfigError(`${file} is not the backup of a kommun`);
  const live = loadBackupConfig().kommunDatabaseUrl(kommunkod);
  const name = decodeURIComponent(new URL(live).pathname.slice(1));
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  if (replace && !(await databaseExists(live))) {
    throw new ConfigError(`${name} does not exist on that server, so there is nothing to replace: restore without --replace`);
  }
  const url = replace ? databaseUrl(live, `${name}_aterstalld_${stamp}`) : live;
  await ensureDatabase(url);
  try {
    await restoreDatabase(backup, backup.of, createDataSource({ url, entities, migrations }));
  } catch (error) {
    if (replace) await dropDatabase(url);
    throw error;
  }
  const rows = backup.tables.reduce((sum, t) => sum + t.rows.length, 0);
  if (!replace) {
    console.log(`restored kommun ${kommunkod} (${rows} rows, taken ${backup.takenAt}) into ${name}`);
    return;
  }
  const kept = `${name}_fore_${stamp}`;
  await replaceDatabase(live, url, kept);
  console.log(
    `restored kommun ${kommunkod} (${rows} rows, taken ${backup.takenAt}) into ${name}; ` +
      `the database it replaced is kept as ${kept} (drop it when you no longer need it)`,
  );
});
