import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/freePort';
import { seedKommuner } from '../helpers/stack';

/**
 * `npm start` as a person runs it in a terminal, then Ctrl-C: the terminal sends SIGINT to the
 * command's process group. The services run in groups of their own, so only the supervisor gets
 * it, and it stops them in order: the gateway first (it finishes its requests while the kommuner
 * still answer), then the subgraphs, then the database. It must stop at once with exit code 0 and
 * leave nothing running. A regression had the gateway's stop hang until its 20 s bound; the bound
 * here is loose, only so that a hang fails. The command is package.json's `start` script
 * (`tsx scripts/start.ts`), run without npm and sh in between: both, once the script has exited,
 * end by the same SIGINT they got (so a terminal shows 130 whatever the script did), which would
 * hide the script's own exit code. (test/helpers/stack.ts runs the stack inside jest, so it cannot
 * show how `npm start`'s own process answers a signal.)
 */
const root = path.resolve(__dirname, '../..');
const STOP_BOUND_MS = 15_000;

/** The running processes (not zombies) by pid: their parent and command line. */
function processes(): Map<number, { ppid: number; command: string }> {
  const found = new Map<number, { ppid: number; command: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.set(Number(entry), { ppid: Number(fields[1]), command });
    } catch {
      // The process ended while the list was read.
    }
  }
  return found;
}

/** A process and all its descendants that are running, with their command lines. */
function processTree(pid: number): { pid: number; command: string }[] {
  const all = processes();
  const tree: { pid: number; command: string }[] = [];
  const visit = (p: number) => {
    const found = all.get(p);
    if (!found) return;
    tree.push({ pid: p, command: found.command });
    for (const [child, { ppid }] of all) if (ppid === p) visit(child);
  };
  visit(pid);
  return tree;
}

const alive = (pids: number[]) => {
  const all = processes();
  return pids.filter((pid) => all.has(pid));
};

let dataDir: string;
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('stops on Ctrl-C (SIGINT to its process group) in order, gateway first, with exit code 0, promptly, leaving no process behind', async () => {
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
  let running: { pid: number; command: string }[] = [];
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
    running = processTree(start.pid!);
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

    // The gateway was stopped first; no service got the terminal's SIGINT itself.
    const stopLines = output.split('\n').filter((line) => /: finishing the requests in flight/.test(line));
    expect(stopLines[0]).toMatch(/^\[gateway\] .*SIGTERM/);
    expect(stopLines.filter((line) => /^\[(samverkan|kommun \d{4} [^\]]+)\] .*SIGTERM/.test(line))).toHaveLength(4);
    expect(stopLines.filter((line) => /SIGINT/.test(line))).toEqual([]);

    // Everything it ran has ended (PostgreSQL's own processes too), by pid.
    let left = alive(running.map((p) => p.pid));
    for (let i = 0; i < 20 && left.length > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = alive(left);
    }
    expect(running.filter((p) => left.includes(p.pid))).toEqual([]);
    browser.destroy();
  } finally {
    for (const pid of alive([...running.map((p) => p.pid), ...processTree(start.pid!).map((p) => p.pid)])) {
      process.kill(pid, 'SIGKILL');
    }
  }
}, 300_000);
