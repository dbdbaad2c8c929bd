import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { internalKeyFiles } from '#dev-tools/devIssuer';
import { SAMVERKAN_AUDIENCE, signPeerToken } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';
import { supergraphFile } from '#platform/supergraph';
import { startService, type ServiceProcess, type Stack } from '../../scripts/stack';
import { postGraphQL } from '../helpers/graphql';
import { freePort } from '../../scripts/freePort';
import { contractOperation, startTestStack } from '../helpers/stack';

/**
 * A real peer gateway: Hive Gateway serves schema/supergraph.graphql with the subgraph `kommun`
 * pointing at the standalone kommun router (`npm run start:kommun-router`). It must give the
 * same answers to the contract as our own gateway. Hive Gateway batches entity fetches as
 * aliased `_entities` fields with a variable each, which the router has to read as such.
 */
const root = path.resolve(__dirname, '../..');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-hive-'));
let stack: Stack;
let kommunRouter: ServiceProcess;
let hive: ChildProcess;
let hiveUrl: string;

beforeAll(async () => {
  stack = await startTestStack();
  kommunRouter = await startService({
    name: 'kommun router',
    script: 'gateway/src/kommunRouter/main.ts',
    env: {
      ...process.env,
      PORT: '0',
      KOMMUN_REGISTRY_FILE: stack.registryFile,
      SAMVERKAN_URL: stack.samverkan.url,
      KEYS_DIR: stack.keysDir,
    },
  });
  // The supergraph as checked in, with the subgraph URLs of this run.
  const supergraph = fs
    .readFileSync(supergraphFile, 'utf8')
    .replace(/(@join__graph\(name: "kommun", url: ")[^"]+/, `$1${kommunRouter.url}`)
    .replace(/(@join__graph\(name: "samverkan", url: ")[^"]+/, `$1${stack.samverkan.url}`);
  fs.writeFileSync(path.join(workDir, 'supergraph.graphql'), supergraph);
  // The samverkan subgraph answers only callers with an internal token: Hive Gateway gets a
  // long-lived anonymous one (npm run token -- --internal samverkan), and forwards the user's
  // own token to the kommun router, which verifies it and vouches for the user to each kommun.
  const peerToken = await signPeerToken(readJwk(internalKeyFiles(stack.keysDir).privateKeyFile), SAMVERKAN_AUDIENCE, '1h');
  fs.writeFileSync(
    path.join(workDir, 'gateway.config.ts'),
    // defineConfig from @graphql-hive/gateway only types the object; this folder cannot import it.
    `export const gatewayConfig = {
  transportEntries: { samverkan: { headers: [['authorization', 'Bearer ${peerToken}']] } },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) =>
      subgraphName === 'kommun' && request.headers.get('authorization') ? { authorization: request.headers.get('authorization') } : {},
  },
};
`,
  );
  const port = await freePort();
  hive = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/@graphql-hive/gateway/dist/bin.js'),
      'supergraph',
      'supergraph.graphql',
      '--port',
      String(port),
    ],
    {
      cwd: workDir,
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  hiveUrl = `http://localhost:${port}/graphql`;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Listening on/.test(output)) resolve();
    };
    hive.stdout!.on('data', onData);
    hive.stderr!.on('data', onData);
    hive.once('exit', (code) => reject(new Error(`Hive Gateway exited (${code}):\n${output}`)));
  });
}, 120_000);

afterAll(async () => {
  if (hive && hive.exitCode === null) {
    const exited = new Promise((r) => hive.once('exit', r));
    hive.kill('SIGTERM');
    await exited;
  }
  await kommunRouter?.stop();
  await stack?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const contract: [string, string, Record<string, unknown>][] = [
  ['oversikt.graphql', 'KommunOversikt', {}],
  ['oversikt.graphql', 'SokArenden', { kommunkoder: ['2262', '2280'], text: 'samverkan' }],
  ['arende.graphql', 'ArendeDetalj', { kommunkod: '2262', diarienummer: 'KS 2020/1' }],
  ['arende.graphql', 'Paragraf', { kommunkod: '2262', beteckning: 'KS 2019 § 257' }],
  ['samverkan.graphql', 'SamverkanDashboard', {}],
  ['samverkan.graphql', 'KommunensSamverkan', { kommunkod: '2281' }],
  ['uppdrag.graphql', 'ForsenadeUppdrag', {}],
];

it.each(contract)('%s %s: Hive Gateway over the standalone router answers as our gateway does', async (file, name, variables) => {
  const text = contractOperation(file, name);
  const ours = await postGraphQL(stack.gateway.url, text, variables, name);
  const theirs = await postGraphQL(hiveUrl, text, variables, name);
  expect(ours.errors).toBeUndefined();
  expect(theirs.errors).toBeUndefined();
  expect(theirs.data).toEqual(ours.data);
  expect(JSON.stringify(ours.data)).toContain('"kommunkod"');
});

it('serves the kommun SDL from the standalone router even when every kommun is down', async () => {
  for (const process of stack.kommuner.values()) process.child.kill('SIGSTOP');
  try {
    const { data } = await postGraphQL(kommunRouter.url, '{ _service { sdl } }');
    expect(data!._service.sdl).toContain('type Kommun @key(fields: "kommunkod")');
  } finally {
    for (const process of stack.kommuner.values()) process.child.kill('SIGCONT');
  }
});
