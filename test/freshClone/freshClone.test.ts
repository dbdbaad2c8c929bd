import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/freePort';
import { dropDatabasesWithPrefix, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { seedKommuner } from '../helpers/stack';

/**
 * Every npm script that starts a service works right after `npm ci` on a fresh clone, in any
 * order (issue 23.0): what it needs generated (the trusted documents manifest, keys, the web
 * apps), it makes. One clone of this repository's committed HEAD and one `npm ci`; before each
 * script the clone is put back to that state (`git clean`, keeping node_modules), so no script
 * profits from another's leftovers. Each runs as a person runs it (`npm run …`, its own process
 * group) until it answers, then is stopped as Ctrl-C stops it.
 *
 * Expensive (an `npm ci` of the whole tree, then each service's start): it installs from npm's
 * cache where it can (`--prefer-offline`), and bounds every wait only loosely, so that a hang fails.
 */
const root = path.resolve(__dirname, '../..');
const MINUTE = 60_000;

let clone: string;
const prefix = uniquePrefix();
const running = new Set<ChildProcess>();

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-clone-'));
  // PostgreSQL runs as its own unprivileged user when the tests run as root.
  fs.chmodSync(clone, 0o755);
  execFileSync('git', ['clone', '--quiet', root, clone]);
  execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, env: shellEnv(), stdio: 'pipe' });
}, 20 * MINUTE);

afterAll(async () => {
  for (const child of running) await stop(child);
  await dropDatabasesWithPrefix(prefix);
  fs.rmSync(clone, { recursive: true, force: true });
}, 2 * MINUTE);

beforeEach(() => {
  // Back to "cloned, then npm ci": nothing generated, built or kept from the script before.
  execFileSync('git', ['clean', '-fdxq', '-e', 'node_modules'], { cwd: clone });
});

/** A terminal's environment: not jest's NODE_ENV=test, nor the test database. */
function shellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['NODE_ENV', 'DATABASE_URL', 'JEST_WORKER_ID']) if (!(name in extra)) delete env[name];
  return env;
}

/** The seed's kommuner on free ports, so that nothing here meets another run's services. */
async function freeRegistry(): Promise<string> {
  const kommuner = await Promise.all(
    seedKommuner.map(async (k) => ({ ...k, url: `http://localhost:${await freePort()}/graphql` })),
  );
  return JSON.stringify({ kommuner });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** `npm run <script> [-- args]` in the clone, in a process group of its own, as a terminal runs it. */
function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn('npm', ['run', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: clone,
    env: shellEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Resolves once `ready` holds; fails when the script exits first or the loose bound passes. */
async function until(started: Started, what: string, ready: () => Promise<boolean> | boolean, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(
        `${what}: exited (${started.child.exitCode ?? started.child.signalCode}) before it answered:\n${started.output()}`,
      );
    }
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what}: no answer within ${boundMs / 1000} s:\n${started.output()}`);
}

/** Ctrl-C: SIGINT to the whole process group; SIGKILL to what is left after 30 s. */
async function stop(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // The group is gone.
    }
  };
  signal('SIGINT');
  const timer = setTimeout(() => signal('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
  // Services that outlive the npm process (still stopping) end with their group.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  signal('SIGKILL');
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function kommunNames(graphql: string): Promise<string[]> {
  const response = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ kommuner { namn } }' }),
  });
  const body = (await response.json()) as { data?: { kommuner: { namn: string }[] } };
  return (body.data?.kommuner ?? []).map((k) => k.namn);
}

it(
  'npm start: the graph answers, and the web apps answer while they are built (never a 404)',
  async () => {
    const port = await freePort();
    const started = npmRun('start', [], {
      PORT: String(port),
      SAMVERKAN_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      DATA_DIR: path.join(clone, '.data'),
      KOMMUN_REGISTRY: await freeRegistry(),
    });
    try {
      await until(started, 'npm start', () => /gateway ready at/.test(started.output()), 10 * MINUTE);
      const graphql = `http://localhost:${port}/graphql`;
      await until(started, 'npm start: the kommuner', async () => (await kommunNames(graphql)).length === 3, 2 * MINUTE);
      expect(await kommunNames(graphql)).toEqual(['Sundsvall', 'Timrå', 'Härnösand']);
      for (const app of ['graphiql', 'dashboard']) {
        const page = await fetch(`http://localhost:${port}/${app}/`);
        const text = await page.text();
        // Built already (200), or being built: a page that says so and reloads itself.
        expect([200, 503]).toContain(page.status);
        if (page.status === 503) expect(text).toContain(`/${app}/ is being built`);
      }
    } finally {
      await stop(started.child);
    }
  },
  15 * MINUTE,
);

it(
  'npm run start:gateway answers alone, with no subgraph up',
  async () => {
    const port = await freePort();
    const started = npmRun('start:gateway', [], { PORT: String(port), KOMMUN_REGISTRY: await freeRegistry() });
    try {
      await until(started, 'start:gateway', () => answers(`http://localhost:${port}/health`), 3 * MINUTE);
    } finally {
      await stop(started.child);
    }
  },
  5 * MINUTE,
);

it(
  'npm run start:kommun-router answers alone',
  async () => {
    const port = await freePort();
    const started = npmRun('start:kommun-router', [], { PORT: String(port), KOMMUN_REGISTRY: await freeRegistry() });
    try {
      await until(started, 'start:kommun-router', () => answers(`http://localhost:${port}/health`), 3 * MINUTE);
    } finally {
      await stop(started.child);
    }
  },
  5 * MINUTE,
);

it(
  'npm run start:kommun -- 2262 and npm run start:samverkan answer on a database of their own',
  async () => {
    const registry = await freeRegistry();
    for (const [script, args, name] of [
      ['start:kommun', ['2262'], 'kommun_2262'],
      ['start:samverkan', [], 'samverkan'],
    ] as const) {
      const port = await freePort();
      const started = npmRun(script, [...args], {
        PORT: String(port),
        KOMMUN_REGISTRY: registry,
        DATABASE_URL: testDatabaseUrl(prefix, name),
      });
      try {
        await until(started, script, () => answers(`http://localhost:${port}/health`), 3 * MINUTE);
      } finally {
        await stop(started.child);
      }
    }
  },
  8 * MINUTE,
);

it(
  'npm run bench gets through its first figure through the gateway',
  async () => {
    // The fan-out part alone, briefly: it starts the gateways, which read a manifest a fresh clone
    // lacked; N = 3 is measured once N = 1 has answered through its gateway.
    const started = npmRun('bench', [], { BENCH_ONLY: 'fanout', BENCH_SECONDS: '1', BENCH_WARMUP_SECONDS: '1' });
    try {
      await until(started, 'npm run bench', () => /round 1 of \d+: N = 3\b/.test(started.output()), 6 * MINUTE);
    } finally {
      await stop(started.child);
    }
  },
  8 * MINUTE,
);

it(
  'npm run soak gets writes acknowledged through its gateway',
  async () => {
    const started = npmRun('soak', ['60'], {});
    try {
      await until(
        started,
        'npm run soak',
        () => [...started.output().matchAll(/(\d+) writes acknowledged/g)].some(([, acked]) => Number(acked) > 0),
        8 * MINUTE,
      );
    } finally {
      await stop(started.child);
      // Stopped as Ctrl-C stops it, the soak leaves its temporary data folder; it names it.
      const dataDir = /data in (\S+)/.exec(started.output())?.[1];
      if (dataDir?.startsWith(os.tmpdir())) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
  10 * MINUTE,
);
