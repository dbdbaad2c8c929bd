import fs from 'node:fs';
import { runMain } from '#platform/runService';
import { ConfigError } from '#platform/configError';
import { backupDatabase } from '#platform/database/logicalBackup';
import { loadBackupConfig } from './config';

/**
 * `npm run backup -- <kommunkod> [file]`: writes that kommun's database to a file (default
 * `backup-<kommunkod>-<time>.json`), read in one snapshot while the kommun keeps running.
 */
runMain(async () => {
  const [kommunkod, file] = process.argv.slice(2);
  if (!/^\d{4}$/.test(kommunkod ?? ''))
    throw new ConfigError('usage: npm run backup -- <kommunkod> [file], e.g. npm run backup -- 2262');
  const out = file ?? `backup-${kommunkod}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const backup = await backupDatabase(loadBackupConfig().kommunDatabaseUrl(kommunkod), `kommun ${kommunkod}`);
  fs.writeFileSync(out, JSON.stringify(backup));
  const rows = backup.tables.reduce((sum, t) => sum + t.rows.length, 0);
  console.log(`backup of kommun ${kommunkod}: ${rows} rows in ${backup.tables.length} tables written to ${out}`);
});
