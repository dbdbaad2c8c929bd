import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { buildManifest } from '../../scripts/trustedDocuments';
import { contractFacts } from '../helpers/contractFacts';
import type { GraphQLResponse } from '../helpers/graphql';
import { ComposeProject, docker } from './composeProject';

/**
 * docker/compose.yaml as a kommun's IT team and the collaboration's operator would run it, built
 * and started here (`npm run test:containers`, scripts/testContainers.sh): the gateway (two
 * replicas sharing Redis), samverkan and three kommuner, each with its own PostgreSQL container.
 * Everything is asked from outside, over HTTP and `docker exec`, as an operator would.
 */

// The ports of test/containers/compose.host.yaml.
const GATEWAY = 'http://127.0.0.1:14000';
const GATEWAY_2 = 'http://127.0.0.1:14010';
const KOMMUN_2262 = 'http://127.0.0.1:14003';
// compose.yaml's default for trying (METRICS_TOKEN).
const METRICS_TOKEN = 'change-this-metrics-token';

const SUBGRAPHS = ['samverkan', 'kommun-2281', 'kommun-2262', 'kommun-2280'];
const LONG_RUNNING = ['gateway', 'gateway-2', 'redis', ...SUBGRAPHS, ...SUBGRAPHS.map((s) => `${s}-db`)];

// The gateway runs in production mode: anonymous clients send the hashes of trusted documents.
const documentIds = new Map(buildManifest().operations.map((o) => [o.name, o.id]));

async function persisted(
  url: string,
  operationName: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const sha256Hash = documentIds.get(operationName);
  if (!sha256Hash) throw new Error(`${operationName} is not a trusted document`);
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
}

/** The documents carry `__typename` as Apollo Client adds it; the contract's facts are without. */
function withoutTypename(value: unknown): any {
  if (Array.isArray(value)) return value.map(withoutTypename);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '__typename')
        .map(([key, v]) => [key, withoutTypename(v)]),
    );
  }
  return value;
}

/** How many requests of an operation a kommun has answered, from its own /metrics. */
async function kommunAnswered(kommunUrl: string, operation: string): Promise<number> {
  const response = await fetch(`${kommunUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('kommungraf_graphql_request_duration_seconds_count{') && line.includes(operation))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

let project: ComposeProject;

beforeAll(async () => {
  project = await ComposeProject.open('kommungraf-test', ['replicas']);
  // A run stopped half-way leaves its project behind: start from nothing.
  await project.compose('down', '-v', '--remove-orphans');
  const started = Date.now();
  try {
    await project.compose('up', '-d', '--no-build');
    await project.waitHealthy();
  } catch (error) {
    console.error(await project.compose('logs', '--no-color', '--tail', '40').catch((e: Error) => e.message));
    throw error;
  }
  const upToHealthySeconds = Math.round((Date.now() - started) / 100) / 10;
  console.log(`containers: every service healthy ${upToHealthySeconds} s after \`up\``);
  // For bench/results/containers.json (scripts/testContainers.sh writes it once the test passed).
  if (process.env.CONTAINERS_MEASURES_FILE) {
    fs.writeFileSync(process.env.CONTAINERS_MEASURES_FILE, JSON.stringify({ upToHealthySeconds }));
  }
}, 900_000);

afterAll(async () => {
  await project?.compose('down', '-v', '--remove-orphans');
}, 300_000);

describe('the containers of docker/compose.yaml', () => {
  it('start healthy: every service passes its health check, and the keys step has finished', async () => {
    const states = await project.states();
    for (const service of LONG_RUNNING) {
      expect([service, states.find((s) => s.service === service)?.health]).toEqual([service, 'healthy']);
    }
    expect(states.find((s) => s.service === 'keys')).toMatchObject({ state: 'exited', exitCode: 0 });
  });

  describe('every contract operation through the containerised gateway answers the seed’s facts', () =>
    contractFacts(async (_file, name, variables = {}) => {
      const response = await persisted(GATEWAY, name, variables);
      expect(response.errors).toBeUndefined();
      expect(response.status).toBe(200);
      return withoutTypename(response.data);
    }));

  it('answers the dashboard’s own operations with the seed', async () => {
    const kommuner = await persisted(GATEWAY, 'DashboardKommuner');
    expect(kommuner.errors).toBeUndefined();
    expect(kommuner.data!.kommuner.map((k: { namn: string }) => k.namn)).toEqual(['Sundsvall', 'Timrå', 'Härnösand']);
    const uppdrag = await persisted(GATEWAY, 'DashboardUppdrag', { kommunkoder: ['2262'] });
    expect(uppdrag.errors).toBeUndefined();
    expect(uppdrag.data!.kommuner[0].uppdrag).toContainEqual(
      expect.objectContaining({ mottagare: 'Kommunchefen', deadline: '2021-12-31', forsenad: true }),
    );
    const antal = await persisted(GATEWAY, 'DashboardArendeantal', { kommunkoder: ['2262'] });
    expect(antal.errors).toBeUndefined();
    expect(antal.data!.statistik.arenden).toContainEqual(
      expect.objectContaining({ kommunkod: '2262', organ: 'KS', status: 'OPPET', antal: 1 }),
    );
  });

  it('serves the dashboard and the explorer, and the scripts their pages load', async () => {
    for (const page of ['/dashboard/', '/graphiql/']) {
      const response = await fetch(`${GATEWAY}${page}`);
      expect([page, response.status, response.headers.get('content-type')]).toEqual([
        page,
        200,
        expect.stringContaining('text/html'),
      ]);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => new URL(m[1], `${GATEWAY}${page}`).href);
      expect([page, scripts.length > 0]).toEqual([page, true]);
      for (const script of scripts) expect([script, (await fetch(script)).status]).toEqual([script, 200]);
    }
  });

  it('keeps each private key only in the service that signs with it, and runs each kind of service as its own user', async () => {
    const internalKey = JSON.parse(await project.exec('gateway', ['cat', '/keys/internal/internal.private.jwk.json']));
    const issuerKey = JSON.parse(
      await project.compose('run', '--rm', '-T', 'keys', 'cat', '/keys/issuer/dev-issuer.private.jwk.json'),
    );
    expect([typeof internalKey.d, typeof issuerKey.d]).toEqual(['string', 'string']);
    // Every file of the container, as root, for either key's private part.
    const holders = async (service: string) =>
      (
        await project.exec(service, [
          'sh',
          '-c',
          'grep -rlsF -e "$1" -e "$2" / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev || true',
          'sh',
          internalKey.d,
          issuerKey.d,
        ])
      )
        .trim()
        .split('\n')
        .filter(Boolean);
    // The check finds a key where one is: the gateway holds its own, and not the issuer's.
    expect(await holders('gateway')).toEqual(['/keys/internal/internal.private.jwk.json']);
    for (const service of SUBGRAPHS) expect([service, await holders(service)]).toEqual([service, []]);

    const uid = async (service: string) => Number((await docker('exec', await project.container(service), 'id', '-u')).trim());
    const uids = { gateway: await uid('gateway'), samverkan: await uid('samverkan'), kommun: await uid('kommun-2262') };
    expect(new Set(Object.values(uids)).size).toBe(3);
    expect(Object.values(uids)).not.toContain(0);
    // Only the gateway's user may read its key.
    expect((await project.exec('gateway', ['stat', '-c', '%u %a', '/keys/internal/internal.private.jwk.json'])).trim()).toBe(
      `${uids.gateway} 400`,
    );
  });

  it('shares kept answers between two gateway replicas through Redis, and a write through one clears both', async () => {
    const rubrik = `Containertest ${randomUUID().slice(0, 8)}`;
    const search = async (gateway: string) => {
      const response = await persisted(gateway, 'SokArenden', { kommunkoder: ['2262'], text: rubrik });
      expect(response.errors).toBeUndefined();
      return response.data!.kommuner[0].arenden;
    };
    const answered = () => kommunAnswered(KOMMUN_2262, 'SokArenden');

    const before = await answered();
    expect((await search(GATEWAY)).totalCount).toBe(0);
    const afterFirst = await answered();
    expect(afterFirst).toBeGreaterThan(before);
    // The other replica answers from what the first kept: Timrå is not asked again.
    expect((await search(GATEWAY_2)).totalCount).toBe(0);
    expect(await answered()).toBe(afterFirst);

    const token = (
      await project.compose(
        'run',
        '--rm',
        '-T',
        'keys',
        'node',
        'dist/scripts/token.js',
        '--kommun',
        '2262',
        '--roll',
        'HANDLAGGARE',
      )
    ).trim();
    const write = await persisted(
      GATEWAY,
      'RegistreraArende',
      { kommunkod: '2262', input: { ansvarigtOrgan: 'KS', rubrik } },
      { authorization: `Bearer ${token}` },
    );
    expect(write.errors).toBeUndefined();
    expect(write.data!.registreraArende).toMatchObject({ kommunkod: '2262', rubrik, status: 'OPPET' });

    // Both replicas ask Timrå again and show the new ärende.
    const onSecond = await search(GATEWAY_2);
    expect(onSecond.totalCount).toBe(1);
    expect(onSecond.nodes[0].rubrik).toBe(rubrik);
    expect(await answered()).toBeGreaterThan(afterFirst);
    expect((await search(GATEWAY)).totalCount).toBe(1);
  });

  it('answers with the others and a coded error while a kommun’s container is killed, and with it again once restarted', async () => {
    // Text never asked before: no kept answer can stand in for the killed kommun.
    const search = (text: string) => persisted(GATEWAY, 'SokArenden', { text });
    await docker('kill', await project.container('kommun-2280'));
    expect((await project.states()).find((s) => s.service === 'kommun-2280')?.state).not.toBe('running');

    const whileDown = await search(`nedstangd ${randomUUID()}`);
    expect(whileDown.status).toBe(200);
    expect(whileDown.data!.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toEqual(['2281', '2262']);
    expect(whileDown.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'KOMMUN_UNAVAILABLE', kommunkod: '2280' }) }),
    ]);

    await project.compose('start', 'kommun-2280');
    await project.waitHealthy();
    const again = await search(`omstartad ${randomUUID()}`);
    expect(again.errors).toBeUndefined();
    expect(again.data!.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toEqual(['2281', '2262', '2280']);
  });

  it('leaves no container, network or volume behind after `down -v`', async () => {
    expect((await project.leftovers()).length).toBeGreaterThan(0);
    await project.compose('down', '-v', '--remove-orphans');
    expect(await project.leftovers()).toEqual([]);
  });
});
