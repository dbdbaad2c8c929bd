import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from '#platform/runService';
import { ConfigError } from '#platform/configError';
import { importKommun, refuseOtherKommun, type ImportSummary } from '../subgraphs/kommun/src/import/importKommun';
import { importFileOf, openForImport } from '../subgraphs/kommun/src/import/openForImport';
import { validateKommunExport, type Refusal } from '../subgraphs/kommun/src/import/validateKommunExport';
import { loadBackupConfig } from './config';
import { kommunArgs } from './kommunArgs';

const USAGE = 'usage: npm run import -- --kommun <kommunkod> <file or folder>, e.g. npm run import -- --kommun 2260 ange.json';

/** On long runs, a line on stderr at most once a second; a short run prints none. */
function progressPrinter(): (done: number, total: number) => void {
  const started = Date.now();
  let printed = started;
  return (done, total) => {
    const now = Date.now();
    if (now - printed < 1000 && done < total) return;
    if (now - started < 1000) return;
    printed = now;
    process.stderr.write(`import: ${done} of ${total} records\n`);
  };
}

const refusalLine = (r: Refusal) => `refused ${r.record}${r.pointer ? ` at ${r.pointer}` : ''}: ${r.field} ${r.reason}`;

function summaryLine(s: ImportSummary, refused: number): string {
  return `created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, refused ${refused}`;
}

/**
 * `npm run import -- --kommun <kod> <file or folder>`: loads a file in the format of
 * contract/kommunexport.schema.json (docs/import-export.md) into the kommun's database
 * (KOMMUN_DATABASE_URL, or `kommun_<kod>` on `npm start`'s server; created and migrated if it is
 * new). Every record is checked first; if any is refused, each is named and nothing is loaded.
 * Exits 1 when anything was refused.
 */
runMain(async () => {
  const { kommunkod, target } = kommunArgs(process.argv.slice(2), USAGE);
  const file = importFileOf(target);
  let input: unknown;
  try {
    input = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    throw new ConfigError(`${file} cannot be read as JSON: ${reason}`);
  }
  const validated = validateKommunExport(input);
  const { document, records } = validated;
  const refusals = document ? refuseOtherKommun(document, kommunkod) : validated.refusals;
  if (!document || refusals.length) {
    for (const r of refusals) console.error(refusalLine(r));
    const refused = new Set(refusals.map((r) => r.pointer)).size;
    console.log(
      `kommun ${kommunkod} from ${file}: nothing loaded; refused ${refused} record(s) with ${refusals.length} fault(s)`,
    );
    process.exitCode = 1;
    return;
  }
  const dataSource = await openForImport(loadBackupConfig().kommunDatabaseUrl(kommunkod));
  try {
    const summary = await importKommun(dataSource, document, {
      kommunkod,
      sub: `import:${os.userInfo().username}`,
      source: path.basename(file),
      onProgress: progressPrinter(),
    }).catch((error: { code?: unknown }) => {
      // 40001: the kommun changed a record the import was writing (see importKommun).
      if (error.code !== '40001') throw error;
      throw new ConfigError(`kommun ${kommunkod} changed records while the import ran, so nothing was loaded; run it again`);
    });
    if (summary.refusals.length) {
      for (const r of summary.refusals) console.error(refusalLine(r));
      const refused = new Set(summary.refusals.map((r) => r.pointer)).size;
      console.log(`kommun ${kommunkod} from ${file}: nothing loaded; ${summaryLine(summary, refused)}`);
      process.exitCode = 1;
      return;
    }
    for (const [list, c] of Object.entries(summary.lists)) {
      if (c.created + c.updated + c.unchanged)
        console.log(`  ${list}: created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}`);
    }
    const nothing = summary.created + summary.updated === 0;
    console.log(
      `kommun ${kommunkod} from ${file}: ${records} records; ${summaryLine(summary, 0)}` + (nothing ? '; nothing changed' : ''),
    );
  } finally {
    await dataSource.destroy();
  }
});
