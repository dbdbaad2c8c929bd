import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/freePort';
import { seedKommuner } from '../helpers/stack';

/**
 * `npm start` as a person runs it in a terminal, then Ctrl-C: the terminal sends SIGINT to the
 * whole process group (the supervisor, every service, PostgreSQL). It must stop at once with exit
 * code 0 and leave nothing running. A regression had the gateway's stop hang until its 20 s bound;
 * the bound here is loose, only so that a hang fails. The command is package.json's `start`
 * script (`tsx scripts/start.ts`), run without npm and sh in between: both, once the script has
 * exited, end by the same SIGINT they got (so a terminal shows 130 whatever the script did), which
 * would hide the script's own exit code. (test/helpers/stack.ts runs the stack inside jest, so it cannot show how
 * `npm start`'s own process answers a signal.)
 */
const root = path.resolve(__dirname, '../..');
const STOP_BOUND_MS = 15_000;

/** The processes of a process group that are running (not zombies), with their command lines. */
function processGroup(pgid: number): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || Number(fields[2]) !== pgid) continue;
      found.push({ pid: Number(entry), command: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // The process ended while the list was read.
    }
  }
  return found;
}

let dataDir: string;
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('stops on Ctrl-C (SIGINT to its process group) with exit code 0, promptly, leaving no process behind', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-npm-start-'));
  // PostgreSQL runs as its own unprivileged user when the tests run as root.
  fs.chmodSync(dataDir, 0o755);
  const registry = await Promise.all(
    seedKommuner.map(async (k) => ({ ...k, url: `http://localhost:${await freePort()}/graphql` })),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(await freePort()),
    SAMVERKAN_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    KOMMUN_REGISTRY: JSON.stringify({ kommuner: registry }),
  };
  // Its own embedded PostgreSQL, as on a fresh machine; and a shell's environment, not jest's.
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  // detached: a process group of its own, as a terminal gives the command it runs.
  const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  env.PATH = `${path.join(root, 'node_modules/.bin')}${path.delimiter}${env.PATH}`;
  const [command, ...args] = script.split(' ');
  const start = spawn(command, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    start.once('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('The graph is up')) resolve();
      };
      start.stdout.on('data', onData);
      start.stderr.on('data', onData);
      void exited.then(() => reject(new Error(`npm start exited before the graph was up:\n${output}`)));
    });
    const running = processGroup(start.pid!);
    // The supervisor, PostgreSQL and its helpers, samverkan, three kommuner, the gateway.
    expect(running.length).toBeGreaterThanOrEqual(7);
    expect(running.some((p) => p.command.includes('gateway/src/main.ts'))).toBe(true);

    // A browser with the explorer open keeps a connection to the gateway: it must not hold the stop up.
    const browser = new http.Agent({ keepAlive: true });
    const answered = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `http://localhost:${env.PORT}/graphql`,
        { method: 'POST', agent: browser, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ query: '{ __typename }' }));
    });
    expect(answered).toBe(200);

    const signalled = Date.now();
    process.kill(-start.pid!, 'SIGINT');
    let bound: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      exited,
      new Promise<'hung'>((resolve) => (bound = setTimeout(() => resolve('hung'), STOP_BOUND_MS))),
    ]);
    clearTimeout(bound);
    const seconds = (Date.now() - signalled) / 1000;
    expect({ result, seconds: seconds < STOP_BOUND_MS / 1000 }).toEqual({ result: { code: 0, signal: null }, seconds: true });
    expect(output).toContain('stopping: gateway, subgraphs, database');

    // Everything the group ran has ended (PostgreSQL's own processes too), by pid.
    let left = running.filter((p) => fs.existsSync(`/proc/${p.pid}`) && processGroup(start.pid!).some((q) => q.pid === p.pid));
    for (let i = 0; i < 20 && left.length > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = left.filter((p) => processGroup(start.pid!).some((q) => q.pid === p.pid));
    }
    expect(left).toEqual([]);
    expect(processGroup(start.pid!)).toEqual([]);
    browser.destroy();
  } finally {
    if (processGroup(start.pid!).length > 0) process.kill(-start.pid!, 'SIGKILL');
  }
}, 300_000);
