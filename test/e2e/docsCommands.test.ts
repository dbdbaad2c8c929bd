import { exec, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Caller } from '#platform/auth/caller';
import { signDevToken } from '#dev-tools/devIssuer';
import { freePort } from '../../scripts/freePort';
import type { Stack } from '../../scripts/stack';
import { postGraphQL } from '../helpers/graphql';
import { seedKommuner, startTestStack } from '../helpers/stack';

/**
 * The commands the docs give, run as written: the shell blocks of "Backup and restore"
 * (docs/operations.md) and "Behind other gateways" (docs/api.md), against one graph started as `npm start` starts it
 * (its own embedded PostgreSQL, the databases under their own names), in a shell with npm
 * start's environment. When the docs change their commands, this runs the new ones.
 */
const run = promisify(exec);
const root = path.resolve(__dirname, '../..');
const HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE'] };

/** The commands of the first ```sh block after the heading `## <section>` in a docs file. */
function shellBlock(file: string, section: string): string[] {
  const text = fs.readFileSync(path.join(root, 'docs', file), 'utf8');
  const start = text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`docs/${file} has no section "${section}"`);
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(start));
  if (!block) throw new Error(`docs/${file} "${section}" has no sh block`);
  return block[1].split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
}

let stack: Stack;
let dataDir: string;
let shellEnv: NodeJS.ProcessEnv;
const files: string[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-docs-'));
  // PostgreSQL runs as its own unprivileged user when the tests run as root.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  stack = await startTestStack({
    serverUrl: undefined,
    database: { dataDir: path.join(dataDir, 'postgres'), port },
    databasePrefix: '',
    registry: seedKommuner.filter((k) => k.kommunkod === '2262'),
    keysDir: path.join(dataDir, 'keys'),
  });
  // The shell of a person who ran `npm start`: no DATABASE_URL, the embedded server's port, its keys.
  shellEnv = { ...process.env, EMBEDDED_PG_PORT: String(port), DATA_DIR: dataDir, KEYS_DIR: stack.keysDir };
  delete shellEnv.DATABASE_URL;
  delete shellEnv.KOMMUN_DATABASE_URL;
}, 180_000);

/** Long-running commands of the docs (each in a terminal of its own there), in process groups of their own. */
const running: ChildProcess[] = [];

afterAll(async () => {
  for (const child of running) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  await stack?.stop();
  for (const file of files) fs.rmSync(file, { force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const as = async (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(stack.gateway.url, query, variables, undefined, {
    authorization: `Bearer ${await signDevToken(stack.keysDir, HANDLAGGARE)}`,
  });
const REGISTRERA = `mutation($rubrik: String!) { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: $rubrik }) { diarienummer } }`;
const LAS = `query($d: String!) { arende(kommunkod: "2262", diarienummer: $d) { rubrik } }`;

/** Asks until `done` holds; bounded only so that a hang fails (kept answers live up to 30 s). */
async function until<T>(ask: () => Promise<T>, done: (answer: T) => boolean, seconds = 90): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const answer = await ask();
    if (done(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`still not there after ${seconds} s: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

it('backs a running kommun up and restores it in place, as docs/operations.md says', async () => {
  const [backup, restore, ...rest] = shellBlock('operations.md', 'Backup and restore');
  expect(rest).toEqual([]);
  expect(backup).toMatch(/^npm run backup -- 2262 (\S+)$/);
  files.push(path.join(root, backup.split(' ').pop()!));

  const before = await as(REGISTRERA, { rubrik: 'Före säkerhetskopian' });
  expect(before.errors).toBeUndefined();
  const { stdout: backedUp } = await run(backup, { cwd: root, env: shellEnv });
  expect(backedUp).toMatch(/backup of kommun 2262: \d+ rows/);
  const after = await as(REGISTRERA, { rubrik: 'Efter säkerhetskopian' });
  expect(after.errors).toBeUndefined();

  const { stdout: restored } = await run(restore, { cwd: root, env: shellEnv });
  expect(restored).toMatch(/restored kommun 2262 .* into kommun_2262; the database it replaced is kept as kommun_2262_fore_\d+/);

  // The kommun that ran on, without a restart, now serves the backup's data.
  const d = (r: typeof before) => r.data!.registreraArende.diarienummer as string;
  const gone = await until(
    () => as(LAS, { d: d(after) }),
    (r) => r.errors === undefined && r.data?.arende === null,
  );
  expect(gone.data!.arende).toBeNull();
  expect((await as(LAS, { d: d(before) })).data!.arende).toEqual({ rubrik: 'Före säkerhetskopian' });
  // And it writes on from where the backup was.
  const next = await as(REGISTRERA, { rubrik: 'Efter återställningen' });
  expect(next.errors).toBeUndefined();
  expect(d(next)).toBe(d(after));
}, 240_000);

/** Starts a command that runs until stopped (`sh -c`, a group of its own); resolves with its output once `ready` matches it. */
function startCommand(command: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<string> {
  const child = spawn('sh', ['-c', command], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(output);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}):\n${output}`)));
  });
}

it('serves samverkan and the kommuner through Hive Gateway, as docs/api.md says', async () => {
  const [router, hive, ...rest] = shellBlock('api.md', 'Behind other gateways');
  expect(rest).toEqual([]);
  expect(router).toBe('npm run start:kommun-router');
  // The docs' fixed ports, on a machine shared with other runs: free ones, and a copy of the
  // supergraph with the URLs this graph's services got.
  const routerPort = await freePort();
  const routerOutput = await startCommand(
    router,
    { ...shellEnv, PORT: String(routerPort), KOMMUN_REGISTRY_FILE: stack.registryFile },
    /ready at http/,
  );
  expect(routerOutput).toContain(`ready at http://localhost:${routerPort}/graphql`);
  const supergraph = path.join(dataDir, 'supergraph.graphql');
  fs.writeFileSync(
    supergraph,
    fs
      .readFileSync(path.join(root, 'schema/supergraph.graphql'), 'utf8')
      .replace('url: "http://localhost:4010/graphql"', `url: "http://localhost:${routerPort}/graphql"`)
      .replace('url: "http://localhost:4001/graphql"', `url: "${stack.samverkan.url}"`),
  );
  expect(hive).toContain(' schema/supergraph.graphql ');
  expect(hive).toMatch(/ --port 4100$/);
  const hivePort = await freePort();
  await startCommand(
    hive.replace(' schema/supergraph.graphql ', ` ${supergraph} `).replace(/ --port 4100$/, ` --port ${hivePort}`),
    shellEnv,
    /Listening on/,
  );

  const query = `{ samverkan { id namn } kommun(kommunkod: "2262") { namn } }`;
  const ours = await as(query);
  const theirs = await postGraphQL(`http://localhost:${hivePort}/graphql`, query, {}, undefined, {
    authorization: `Bearer ${await signDevToken(stack.keysDir, HANDLAGGARE)}`,
  });
  expect(ours.errors).toBeUndefined();
  expect(theirs.errors).toBeUndefined();
  expect(theirs.data).toEqual(ours.data);
  expect(JSON.stringify(theirs.data)).toContain('Timrå');
  expect((theirs.data!.samverkan as unknown[]).length).toBeGreaterThan(0);
}, 180_000);
