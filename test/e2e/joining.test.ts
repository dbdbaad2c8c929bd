import fs from 'node:fs';
import { parse, type OperationDefinitionNode } from 'graphql';
import { internalKeyFiles, signDevToken } from '#dev-tools/devIssuer';
import type { Caller } from '#platform/auth/caller';
import { readJwk, readJwks } from '#platform/auth/keys';
import type { KommunEntry } from '#platform/registry';
import { conforms, runConformance } from '../../scripts/conformance/runConformance';
import { startAngeKommun, type AngeKommun } from '../fixtures/angeKommun';
import { postGraphQL } from '../helpers/graphql';
import { contractOperation, kommunEntry, startTestStack, type TestStack } from '../helpers/stack';

/**
 * Issue 25 end to end: Ånge (2260) joins the running graph with an implementation of its own
 * (test/fixtures/angeKommun.ts, no code of this project), by a registry entry alone. The gateway
 * is not restarted; the kit passes against Ånge, and every contract query answers through the
 * gateway with Ånge beside the seed's kommuner, which answer as before.
 */
let stack: TestStack;
let ange: AngeKommun;
let entry: KommunEntry;
const SEED = ['2281', '2262', '2280'];

/**
 * Every query of contract/ with variables for a seed kommun and for Ånge (null: the same), and
 * what the answer with Ånge shows of Ånge: '2260' by default. Likalydande beslut and the samverkan
 * dashboard are of samverkan areas Ånge is no party to, and Ånge announces no protocol yet, so
 * none of its decisions may be appealed; the whole graph's statistik has Ånge's year 2024.
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
  [
    'sammantraden.graphql',
    'OverklagbaraBeslut',
    { kommunkoder: SEED, per: '2020-12-31' },
    { lan: '22', per: '2024-12-31' },
    null,
  ],
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
  ['uppdrag.graphql', 'ForsenadeUppdrag', {}, null],
];

const run = async (file: string, name: string, variables: Record<string, unknown>) => {
  const response = await postGraphQL(stack.gateway.url, contractOperation(file, name), variables, name);
  return { status: response.status, errors: response.errors, data: response.data };
};
const ready = async (): Promise<any> => (await fetch(stack.gateway.url.replace('/graphql', '/ready'))).json();

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

/** Answers the seed kommuner gave before Ånge joined, by operation. */
const before = new Map<string, unknown>();
let gatewayPid: number | undefined;

beforeAll(async () => {
  // Without the router's answer cache, so the seed's answers after Ånge joined are fetched anew.
  stack = await startTestStack({ env: { KOMMUN_CACHE: 'false', READINESS_PROBE_SECONDS: '1' } });
  gatewayPid = stack.gateway.child.pid;
  for (const [file, name, seed] of contract) before.set(name, await run(file, name, seed));
  // Ånge trusts the gateway's internal key, as a real implementation is given its public key set.
  ange = await startAngeKommun(readJwks(internalKeyFiles(stack.keysDir).jwksFile));
  entry = kommunEntry('2260', 'Ånge', { url: ange.url });
  // Joins by its registry entry alone: the gateway watches this file and reloads it.
  const registry = JSON.parse(fs.readFileSync(stack.registryFile, 'utf8')) as { kommuner: KommunEntry[] };
  fs.writeFileSync(`${stack.registryFile}.tmp`, JSON.stringify({ kommuner: [...registry.kommuner, entry] }, null, 2));
  fs.renameSync(`${stack.registryFile}.tmp`, stack.registryFile);
  await eventually(async () => {
    const { data } = await run('dashboard.graphql', 'DashboardKommuner', {});
    expect(data?.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toContain('2260');
  });
}, 120_000);

afterAll(async () => {
  await ange?.stop();
  await stack?.stop();
});

it('Ånge joined without a restart of the gateway', () => {
  expect(stack.gateway.child.pid).toBe(gatewayPid);
});

it('the conformance kit passes against Ånge', async () => {
  const results = await runConformance({
    url: ange.url,
    kommunkod: '2260',
    internalKey: readJwk(internalKeyFiles(stack.keysDir).privateKeyFile),
  });
  expect(results.filter((r) => r.status === 'fail').map((r) => r.name)).toEqual([]);
  expect(conforms(results)).toBe(true);
});

it('covers every operation of contract/', () => {
  const queries = fs
    .readdirSync(`${__dirname}/../../contract`)
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((f) =>
      parse(fs.readFileSync(`${__dirname}/../../contract/${f}`, 'utf8'))
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
        .map((d) => d.name!.value),
    );
  const mutations = ['RegistreraArende', 'RegistreraHandling', 'AndraSamverkansstatus', 'DashboardAndraSamverkansstatus'];
  expect([...contract.map(([, name]) => name), ...mutations].sort()).toEqual(queries.sort());
});

it.each(contract)(
  '%s %s answers through the gateway with Ånge, without errors',
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

it('KommunOversikt lists Sundsvall, Timrå, Härnösand and Ånge, with Ånge’s data from its own implementation', async () => {
  const { data } = await run('oversikt.graphql', 'KommunOversikt', {});
  expect(data!.kommuner.map((k: { namn: string }) => k.namn)).toEqual(['Sundsvall', 'Timrå', 'Härnösand', 'Ånge']);
  const angeRow = data!.kommuner[3];
  expect(angeRow).toMatchObject({ kommunkod: '2260', namn: 'Ånge', lan: 'Västernorrlands län' });
  expect(angeRow.organ.map((o: { id: string }) => o.id)).toEqual(['KF', 'KS']);
  // Without a token, the ärende with sekretess is not among them.
  expect(angeRow.arenden.totalCount).toBe(3);
  expect(angeRow.arenden.nodes.map((a: { diarienummer: string }) => a.diarienummer)).toEqual([
    'KS 2024/3',
    'KS 2024/2',
    'KS 2024/1',
  ]);
});

it('kommuner(lan: "22") includes Ånge', async () => {
  const { data, errors } = await postGraphQL(stack.gateway.url, '{ kommuner(lan: "22") { kommunkod namn } }');
  expect(errors).toBeUndefined();
  expect(data!.kommuner).toContainEqual({ kommunkod: '2260', namn: 'Ånge' });
  expect(data!.kommuner).toHaveLength(4);
});

it('a query naming kommunkod 2260 reaches Ånge’s own implementation', async () => {
  const seen = ange.received.length;
  const { data, errors } = await run('arende.graphql', 'ArendeDetalj', { kommunkod: '2260', diarienummer: 'KS 2024/2' });
  expect(errors).toBeUndefined();
  expect(data!.arende).toMatchObject({ kommunkod: '2260', diarienummer: 'KS 2024/2', rubrik: 'Ny förskola i Ljungaverk' });
  const reached = ange.received.slice(seen);
  expect(reached.some((r) => JSON.stringify(r).includes('KS 2024/2'))).toBe(true);
});

it('/ready counts four kommuner, all reachable and compatible', async () => {
  await eventually(async () => {
    const body = await ready();
    expect(body.status).toBe('ready');
    expect(
      body.kommuner.map((k: { kommunkod: string; reachable: boolean; schema: string }) => [k.kommunkod, k.reachable, k.schema]),
    ).toEqual([
      ['2281', true, 'compatible'],
      ['2262', true, 'compatible'],
      ['2280', true, 'compatible'],
      ['2260', true, 'compatible'],
    ]);
  });
});

// Last: the writes change what the tests above read.
describe('the contract’s writes through the gateway, with Ånge beside the seed', () => {
  const write = async (file: string, name: string, variables: Variables, caller: Caller) => {
    const token = await signDevToken(stack.keysDir, caller);
    return postGraphQL(stack.gateway.url, contractOperation(file, name), variables, name, { authorization: `Bearer ${token}` });
  };
  const angeHandlaggare: Caller = { sub: 'handlaggare-ange', kommunkod: '2260', roller: ['HANDLAGGARE'] };

  it('RegistreraArende and RegistreraHandling reach Ånge’s own implementation, which registers them', async () => {
    const registered = await write(
      'mutationer.graphql',
      'RegistreraArende',
      { kommunkod: '2260', input: { ansvarigtOrgan: 'KS', rubrik: 'Fiber till Borgsjö', registrerad: '2025-01-15' } },
      angeHandlaggare,
    );
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.registreraArende).toEqual({
      kommunkod: '2260',
      diarienummer: 'KS 2025/1',
      rubrik: 'Fiber till Borgsjö',
      status: 'OPPET',
      registrerad: '2025-01-15',
      version: 1,
    });
    const handling = await write(
      'handlingar.graphql',
      'RegistreraHandling',
      { kommunkod: '2260', diarienummer: 'KS 2025/1', input: { titel: 'Kalkyl', typ: 'BESLUTSUNDERLAG', datum: '2025-01-15' } },
      angeHandlaggare,
    );
    expect(handling.errors).toBeUndefined();
    expect(handling.data!.registreraHandling.handling).toMatchObject({
      titel: 'Kalkyl',
      typ: 'BESLUTSUNDERLAG',
      datum: '2025-01-15',
    });
    // The gateway signed Ånge's marker into a link of its own.
    expect(handling.data!.registreraHandling.uppladdningsUrl).not.toContain('kommungraf-handling:');
    const read = await run('handlingar.graphql', 'Handlingar', { kommunkod: '2260', diarienummer: 'KS 2025/1' });
    expect(read.errors).toBeUndefined();
    expect(read.data!.arende.beslutsunderlag.map((h: { titel: string }) => h.titel)).toEqual(['Kalkyl']);
  });

  it('AndraSamverkansstatus answers as before (samverkan, not a kommun)', async () => {
    const changed = await write(
      'mutationer.graphql',
      'AndraSamverkansstatus',
      { id: 'kollektivtrafik', input: { status: 'UTREDS', datum: '2021-03-15', kommentar: 'Utredningen återupptas.' } },
      { sub: 'samordnare-timra', kommunkod: '2262', roller: ['HANDLAGGARE', 'SAMORDNARE'] },
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.andraSamverkansstatus).toMatchObject({ id: 'kollektivtrafik', status: 'UTREDS' });
  });
});
