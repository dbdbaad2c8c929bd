import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { onCleanup, once } from '../lib/cleanup';
import { freePort } from '../../scripts/freePort';
import { realRegistry, tempDir } from '../lib/services';

const root = path.resolve(__dirname, '../..');

export interface Startup {
  /** Seconds from `npm start` to the gateway's ready line, on a data folder of an earlier start. */
  seconds: number;
  /** The same for the very first start (creates the embedded PostgreSQL), for reference. */
  firstStartSeconds: number;
}

/**
 * `npm start` twice on one temporary data folder (embedded PostgreSQL, free ports): the first
 * start creates the folder, the second is timed. Each is stopped as Ctrl-C stops it.
 */
export async function runStartup(log: (line: string) => void): Promise<Startup> {
  const dataDir = tempDir('start');
  // PostgreSQL runs as its own unprivileged user when the bench runs as root.
  fs.chmodSync(dataDir, 0o755);
  const ports = { EMBEDDED_PG_PORT: await freePort(), PORT: await freePort(), SAMVERKAN_PORT: await freePort() };
  const registry = [];
  for (const k of realRegistry) registry.push({ ...k, url: `http://localhost:${await freePort()}/graphql` });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(ports.EMBEDDED_PG_PORT),
    PORT: String(ports.PORT),
    SAMVERKAN_PORT: String(ports.SAMVERKAN_PORT),
    KOMMUN_REGISTRY: JSON.stringify({ kommuner: registry }),
  };
  log('start-up: first `npm start` (creates the data folder)');
  const firstStartSeconds = await timeStart(env);
  log('start-up: second `npm start` on the existing data folder');
  const seconds = await timeStart(env);
  return { seconds, firstStartSeconds };
}

async function timeStart(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  // Its own process group, so that nothing of it can outlive the bench.
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Stopped as Ctrl-C in a terminal does: SIGINT to the whole process group, then wait until
  // every process of it (services, PostgreSQL) is gone, so that the data folder is left clean.
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = once(async () => {
    if (!groupAlive()) return;
    process.kill(-child.pid!, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive()) process.kill(-child.pid!, 'SIGKILL');
    await exited;
  });
  onCleanup('npm start', stop);
  const output: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const onLine = (line: string) => {
        output.push(line);
        if (/^\[gateway\] .*gateway ready at/.test(line)) resolve();
      };
      readline.createInterface({ input: child.stdout! }).on('line', onLine);
      readline.createInterface({ input: child.stderr! }).on('line', onLine);
      child.once('exit', (code) =>
        reject(new Error(`npm start exited (${code}) before the gateway was ready:\n${output.slice(-30).join('\n')}`)),
      );
      setTimeout(
        () => reject(new Error(`npm start: no ready gateway after 120 s:\n${output.slice(-30).join('\n')}`)),
        120_000,
      ).unref();
    });
    return (performance.now() - started) / 1000;
  } finally {
    await stop();
  }
}
