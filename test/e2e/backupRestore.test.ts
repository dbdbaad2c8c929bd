import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Caller } from '#platform/auth/caller';
import { signDevToken } from '#dev-tools/devIssuer';
import { startService, type ServiceProcess, type Stack } from '../../scripts/stack';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { seedKommuner, startTestStack } from '../helpers/stack';

/**
 * A kommun taken away and brought back: Timrå's data changed through the gateway, written to a
 * file by `npm run backup`, restored by `npm run restore` into a new database, and Timrå started
 * on that database in place of the old one; the gateway then serves the restored data.
 */
const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const timra = seedKommuner.filter((k) => k.kommunkod === '2262');
const HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE', 'ADMIN'] };

let stack: Stack & { databasePrefix: string };
let restored: ServiceProcess | undefined;
const restorePrefix = uniquePrefix();
const restoredDb = testDatabaseUrl(restorePrefix, 'kommun_2262');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-backup-'));

beforeAll(async () => {
  stack = await startTestStack({ registry: timra });
});
afterAll(async () => {
  await restored?.stop();
  await stack?.stop();
  await dropAll([restoredDb]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const as = async (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(stack.gateway.url, query, variables, undefined, {
    authorization: `Bearer ${await signDevToken(stack.keysDir, HANDLAGGARE)}`,
  });
const npmScript = (script: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });

const REGISTRERA = `mutation($input: NyttArendeInput!) { registreraArende(kommunkod: "2262", input: $input) { diarienummer } }`;
const LAS = `query($d: String!) { arende(kommunkod: "2262", diarienummer: $d) {
  rubrik sekretess { lagrum } status statushistorik { status } } }`;
const LOGG = `{ kommun(kommunkod: "2262") { granskningslogg { atgard objekt } } }`;

it('backs a kommun up, restores it into a new database, and serves it through the gateway', async () => {
  const written = await as(REGISTRERA, {
    input: { ansvarigtOrgan: 'KS', rubrik: 'Före säkerhetskopian', sekretess: { lagrum: 'OSL 26 kap. 1 §' } },
  });
  expect(written.errors).toBeUndefined();
  const diarienummer = written.data!.registreraArende.diarienummer as string;
  const before = await as(LAS, { d: diarienummer });
  const loggBefore = await as(LOGG);

  const file = path.join(dir, 'timra.json');
  const source = testDatabaseUrl(stack.databasePrefix, 'kommun_2262');
  const backup = await npmScript('backup.ts', ['2262', file], { KOMMUN_DATABASE_URL: source });
  expect(backup.stdout).toMatch(/backup of kommun 2262: \d+ rows/);
  // Nothing to replace: said so before anything is made.
  await expect(npmScript('restore.ts', ['--replace', file], { KOMMUN_DATABASE_URL: restoredDb })).rejects.toThrow(
    /does not exist on that server, so there is nothing to replace/,
  );
  const restore = await npmScript('restore.ts', [file], { KOMMUN_DATABASE_URL: restoredDb });
  expect(restore.stdout).toMatch(/restored kommun 2262/);
  // Into a database that has tables already, never.
  await expect(npmScript('restore.ts', [file], { KOMMUN_DATABASE_URL: restoredDb })).rejects.toThrow(/already has tables/);

  // Timrå again, on the restored database and the port the gateway knows.
  const old = stack.kommuner.get('2262')!;
  await old.stop();
  restored = await startService({
    name: 'kommun 2262 Timrå (restored)',
    script: 'subgraphs/kommun/src/main.ts',
    env: {
      KEYS_DIR: stack.keysDir,
      KOMMUNKOD: '2262',
      PORT: String(old.port),
      DATABASE_URL: restoredDb,
      KOMMUN_REGISTRY: JSON.stringify({ kommuner: [{ ...timra[0], url: old.url }] }),
      SEED: 'false',
    },
  });

  const after = await as(LAS, { d: diarienummer });
  expect(after.errors).toBeUndefined();
  expect(after.data).toEqual(before.data);
  expect(after.data!.arende.rubrik).toBe('Före säkerhetskopian');
  expect((await as(LOGG)).data).toEqual(loggBefore.data);
  // The diarienummer series goes on where it was.
  const next = await as(REGISTRERA, { input: { ansvarigtOrgan: 'KS', rubrik: 'Efter återläsningen' } });
  expect(next.errors).toBeUndefined();
  const serial = (d: string) => Number(d.split('/')[1]);
  expect(serial(next.data!.registreraArende.diarienummer)).toBe(serial(diarienummer) + 1);
});
