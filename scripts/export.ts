import fs from 'node:fs';
import { runMain } from '#platform/runService';
import { ConfigError } from '#platform/configError';
import { createDataSource } from '#platform/database/createDataSource';
import { databaseExists } from '#platform/database/ensureDatabase';
import { entities } from '../subgraphs/kommun/src/entities';
import { migrations } from '../subgraphs/kommun/src/migrations';
import { exportKommun } from '../subgraphs/kommun/src/import/exportKommun';
import { loadBackupConfig } from './config';
import { kommunArgs } from './kommunArgs';

const USAGE = 'usage: npm run export -- --kommun <kommunkod> <file>, e.g. npm run export -- --kommun 2262 timra.json';

/**
 * `npm run export -- --kommun <kod> <file>`: writes the kommun's records in the format `npm run
 * import` reads (contract/kommunexport.schema.json), files included, from one snapshot while the
 * kommun keeps running. The file holds restricted content (sekretess): keep it as the diarium.
 */
runMain(async () => {
  const { kommunkod, target } = kommunArgs(process.argv.slice(2), USAGE);
  const url = loadBackupConfig().kommunDatabaseUrl(kommunkod);
  if (!(await databaseExists(url)))
    throw new ConfigError(`kommun ${kommunkod} has no database at ${new URL(url).pathname.slice(1)}`);
  const dataSource = createDataSource({ url, entities, migrations, poolSize: 1 });
  await dataSource.initialize();
  try {
    if (await dataSource.showMigrations()) {
      throw new ConfigError(`kommun ${kommunkod}'s database is not migrated to this version; start the kommun once, then export`);
    }
    const document = await exportKommun(dataSource);
    if (document.kommun.kommunkod !== kommunkod) {
      throw new ConfigError(`that database belongs to kommun ${document.kommun.kommunkod}, not ${kommunkod}`);
    }
    fs.writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
    const counts = (['organ', 'ledamoter', 'arenden', 'paragrafer', 'uppdrag', 'sammantraden'] as const)
      .map((list) => `${document[list].length} ${list}`)
      .join(', ');
    console.log(`export of kommun ${kommunkod}: ${counts} written to ${target}`);
  } finally {
    await dataSource.destroy();
  }
});
