import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, type OperationDefinitionNode } from 'graphql';
import { serviceDatabaseUrl } from '../../scripts/stack';
import { testServerUrl } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { contractOperation, kommunEntry, seedKommuner, startTestStack, type TestStack } from '../helpers/stack';

/**
 * Issue 25 end to end, the import road: Ånge (2260) joins the running graph as our own kommun
 * subgraph whose records come from a file. `npm run import` loads test/fixtures/angeImport (a
 * folder with kommun.json: illustrative records, invented for the test, without sekretess, which
 * test/integration/kommunImportExport.test.ts covers) into a new database; the
 * kommun is started on it and registered; every contract query then answers through the gateway
 * with Ånge beside the seed's kommuner, which answer as before.
 */
const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'test/fixtures/angeImport');
let stack: TestStack;
let angeDb: string;
const SEED = ['2281', '2262', '2280'];

const npm = (script: string, args: string[]) =>
  promisify(execFile)('npm', ['run', '-s', script, '--', ...args], {
    cwd: root,
    env: { ...process.env, KOMMUN_DATABASE_URL: angeDb },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

/**
 * Every query of contract/ with variables for a seed kommun and for Ånge (null: the same), and
 * what the answer with Ånge shows of Ånge: '2260' by default. Likalydande beslut and the samverkan
 * dashboard are of samverkan areas Ånge is no party to; the whole graph's statistik has Ånge's
 * year 2024.
 */
type Variables = Record<string, unknown>;
const contract: [file: string, name: string, seed: Variables, ange: Variables | null, shows?: string | null][] = [
  ['oversikt.graphql', 'KommunOversikt', {}, null],
  [
    'oversikt.graphql',
    'SokArenden',
    { kommunkoder: ['2281', '2262'], text: 'SAMVERKAN' },
    { kommunkoder: ['2260'], text: 'förskola' },
  ],
  [
    'arende.graphql',
    'ArendeDetalj',
    { kommunkod: '2262', diarienummer: 'KS 2020/1' },
    { kommunkod: '2260', diarienummer: 'KS 2024/1' },
  ],
  [
    'arende.graphql',
    'Paragraf',
    { kommunkod: '2262', beteckning: 'KS 2019 § 65' },
    { kommunkod: '2260', beteckning: 'KS 2024 § 1' },
  ],
  ['dashboard.graphql', 'DashboardKommuner', {}, null],
  ['dashboard.graphql', 'DashboardUppdrag', { kommunkoder: SEED }, { kommunkoder: ['2260'] }],
  ['dashboard.graphql', 'DashboardArendeantal', { kommunkoder: SEED }, { kommunkoder: ['2260'] }],
  [
    'handlingar.graphql',
    'Handlingar',
    { kommunkod: '2262', diarienummer: 'KS 2020/1' },
    { kommunkod: '2260', diarienummer: 'KS 2024/1' },
  ],
  ['likalydande.graphql', 'LikalydandeBeslut', {}, null, null],
  [
    'sammantraden.graphql',
    'SammantradeDetalj',
    { kommunkod: '2262', id: 'ks-2020-uppfoljning-samverkan' },
    { kommunkod: '2260', id: 's1' },
  ],
  ['sammantraden.graphql', 'Sammantraden', { kommunkoder: SEED }, { lan: '22' }],
  // Ånge's protokoll of 12 February 2024 was announced on the 15th: its decision could be appealed on the 20th.
  ['sammantraden.graphql', 'OverklagbaraBeslut', { kommunkoder: SEED, per: '2020-12-31' }, { lan: '22', per: '2024-02-20' }],
  ['sammantraden.graphql', 'Ledamoter', { kommunkod: '2262' }, { kommunkod: '2260' }],
  ['samverkan.graphql', 'SamverkanDashboard', {}, null, null],
  ['dashboard.graphql', 'DashboardSamverkan', {}, null, null],
  [
    'dashboard.graphql',
    'DashboardParagraf',
    { kommunkod: '2262', beteckning: 'KS 2019 § 65' },
    { kommunkod: '2260', beteckning: 'KS 2024 § 1' },
  ],
  ['samverkan.graphql', 'KommunensSamverkan', { kommunkod: '2262' }, { kommunkod: '2260' }],
  ['statistik.graphql', 'Statistik', { kommunkoder: SEED }, {}, '"ar":2024'],
  ['statistik.graphql', 'StatistikPerKommun', { kommunkoder: SEED }, { kommunkoder: ['2260', '2262'] }],
  ['uppdrag.graphql', 'ForsenadeUppdrag', {}, null, null],
];

const run = async (file: string, name: string, variables: Record<string, unknown>) => {
  const response = await postGraphQL(stack.gateway.url, contractOperation(file, name), variables, name);
  return { status: response.status, errors: response.errors, data: response.data };
};

/** Polls until `check` passes or the time is up; for things that happen in their own time. */
async function eventually(check: () => Promise<void>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const before = new Map<string, unknown>();
let firstImport: Awaited<ReturnType<typeof npm>>;
let secondImport: Awaited<ReturnType<typeof npm>>;

beforeAll(async () => {
  // Without the router's answer cache, so the seed's answers after Ånge joined are fetched anew.
  stack = await startTestStack({ env: { KOMMUN_CACHE: 'false', READINESS_PROBE_SECONDS: '1' } });
  angeDb = serviceDatabaseUrl({ serverUrl: testServerUrl(), databasePrefix: stack.databasePrefix }, 'kommun_2260');
  for (const [file, name, seed] of contract) before.set(name, await run(file, name, seed));
  // Loaded before the kommun first runs: the import creates and migrates its database.
  firstImport = await npm('import', ['--kommun', '2260', fixture]);
  secondImport = await npm('import', ['--kommun', '2260', fixture]);
  // Started on that database (the stack's kommun_2260) and registered; the gateway reloads its registry.
  await stack.applyRegistry([...seedKommuner, kommunEntry('2260', 'Ånge')]);
  await eventually(async () => {
    const { data } = await run('dashboard.graphql', 'DashboardKommuner', {});
    expect(data?.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toContain('2260');
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

it('npm run import loads the file and sums up what it did', () => {
  expect(firstImport.stderr).toBe('');
  expect(firstImport.code).toBe(0);
  expect(firstImport.stdout).toContain('13 records; created 13, updated 0, unchanged 0, refused 0');
});

it('a second run of the same file changes nothing and says so', () => {
  expect(secondImport.code).toBe(0);
  expect(secondImport.stdout).toContain('created 0, updated 0, unchanged 13, refused 0; nothing changed');
});

it('a file with faults is refused with each record’s place and reason, exit code 1, and nothing loaded', async () => {
  const broken = JSON.parse(fs.readFileSync(path.join(fixture, 'kommun.json'), 'utf8'));
  broken.arenden[1].rubrik = 'Ändrad men aldrig laddad';
  broken.paragrafer[0].organId = 'BUN';
  const file = path.join(stack.registryFile, '..', 'trasig.json');
  fs.writeFileSync(file, JSON.stringify(broken));
  const result = await npm('import', ['--kommun', '2260', file]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(
    'refused paragraf KS 2024 § 1 at /paragrafer/0: /paragrafer/0/organId names organ "BUN", which is not in the file',
  );
  expect(result.stdout).toContain('nothing loaded');
  const { data } = await run('arende.graphql', 'ArendeDetalj', { kommunkod: '2260', diarienummer: 'KS 2024/2' });
  expect(data!.arende.rubrik).toBe('Ny förskola i Ljungaverk');
});

it('npm run export writes the file back, and importing that export changes nothing', async () => {
  const file = path.join(stack.registryFile, '..', 'ange-export.json');
  const exported = await npm('export', ['--kommun', '2260', file]);
  expect(exported.code).toBe(0);
  expect(exported.stdout).toContain(
    'export of kommun 2260: 2 organ, 2 ledamoter, 4 arenden, 1 paragrafer, 1 uppdrag, 1 sammantraden',
  );
  const written = JSON.parse(fs.readFileSync(file, 'utf8'));
  const original = JSON.parse(fs.readFileSync(path.join(fixture, 'kommun.json'), 'utf8'));
  // The same records; `kalla` is a note of the file, not stored, and `exporterad` says when.
  expect({ ...written, kalla: original.kalla, exporterad: undefined }).toEqual(original);
  const again = await npm('import', ['--kommun', '2260', file]);
  expect(again.stdout).toContain('created 0, updated 0, unchanged 13, refused 0; nothing changed');
});

it('covers every query of contract/', () => {
  const queries = fs
    .readdirSync(path.join(root, 'contract'))
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((f) =>
      parse(fs.readFileSync(path.join(root, 'contract', f), 'utf8'))
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.operation === 'query')
        .map((d) => d.name!.value),
    );
  expect(contract.map(([, name]) => name).sort()).toEqual(queries.sort());
});

it.each(contract)(
  '%s %s answers through the gateway with the imported Ånge, without errors',
  async (file, name, seed, angeVariables, shows = '2260') => {
    const answer = await run(file, name, angeVariables ?? seed);
    expect(answer.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    if (shows) expect(JSON.stringify(answer.data)).toContain(shows);
  },
);

it.each(contract)('%s %s answers for the seed kommuner as before Ånge joined', async (file, name, seed) => {
  const answer = await run(file, name, seed);
  expect(answer.errors).toBeUndefined();
  const withoutAnge = JSON.parse(JSON.stringify(answer), (_, value) =>
    Array.isArray(value) ? value.filter((v) => v?.kommunkod !== '2260') : value,
  );
  expect(withoutAnge).toEqual(before.get(name));
});

it('Ånge answers with the file’s records: the ärende, its document’s file, the meeting', async () => {
  const arende = await run('arende.graphql', 'ArendeDetalj', { kommunkod: '2260', diarienummer: 'KS 2024/1' });
  expect(arende.data!.arende).toMatchObject({ kommunkod: '2260', rubrik: 'Översiktsplan för Ånge kommun', status: 'OPPET' });
  const file = JSON.parse(fs.readFileSync(path.join(fixture, 'kommun.json'), 'utf8')).arenden[0].handlingar[0].fil;
  const handlingar = await run('handlingar.graphql', 'Handlingar', { kommunkod: '2260', diarienummer: 'KS 2024/1' });
  expect(handlingar.data!.arende.beslutsunderlag[0].fil).toEqual({
    mediatyp: 'text/plain',
    storlek: file.storlek,
    sha256: file.sha256,
    filnamn: 'planbeskrivning.txt',
  });
  const mote = await run('sammantraden.graphql', 'SammantradeDetalj', { kommunkod: '2260', id: 's1' });
  expect(mote.data!.sammantrade.protokoll).toMatchObject({ justeringsdag: '2024-02-14', anslagsdag: '2024-02-15' });
  expect(mote.data!.sammantrade.narvarande.map((l: { namn: string }) => l.namn).sort()).toEqual(['Anna Berg', 'Erik Lund']);
});
