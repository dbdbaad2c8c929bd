import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { onCleanup, once } from '../lib/cleanup';
import { freePort } from '../../scripts/freePort';
import { frontendDist } from '../../scripts/frontendBuild';
import { realRegistry, tempDir } from '../lib/services';
import { startupResultsFile, writeStartupTable, type StartupResults } from '../startupTable';

const root = path.resolve(__dirname, '../..');

/**
 * One `npm start`, in seconds from the command: to the gateway's ready line (it answers GraphQL),
 * and to the last line, "The graph is up after N s." (the web apps are built too; its own N
 * leaves out npm's and tsx's start).
 */
export interface StartTimes {
  gatewayReadySeconds: number;
  upSeconds: number;
}

export interface Startup {
  /** A fresh clone: the web apps are built (Vite), the data folder is new. */
  freshClone: StartTimes;
  /** A new data folder, with the web apps already built. */
  firstStart: StartTimes;
  /** The data folder of the start before, as every later start. */
  laterStart: StartTimes;
}

/**
 * `npm start` three times (embedded PostgreSQL, three kommuner, free ports), each stopped as
 * Ctrl-C stops it: as in a fresh clone (the web apps' build records removed, so that they are
 * built again), then on a new data folder with the web apps built, then on that data folder
 * again. Writes bench/results/startup.json and the table of docs/operations.md made from it.
 */
export async function runStartup(log: (line: string) => void): Promise<Startup> {
  const env = async (dataDir: string): Promise<NodeJS.ProcessEnv> => {
    // PostgreSQL runs as its own unprivileged user when the bench runs as root.
    fs.chmodSync(dataDir, 0o755);
    const registry = [];
    for (const k of realRegistry) registry.push({ ...k, url: `http://localhost:${await freePort()}/graphql` });
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      SAMVERKAN_PORT: String(await freePort()),
      KOMMUN_REGISTRY: JSON.stringify({ kommuner: registry }),
    };
  };
  log('start-up: `npm start` as in a fresh clone (builds the web apps, new data folder)');
  for (const app of ['explorer', 'dashboard']) fs.rmSync(path.join(frontendDist(app), '.build-inputs.json'), { force: true });
  const freshClone = await timeStart(await env(tempDir('start-fresh')));
  log('start-up: `npm start` on a new data folder, web apps built');
  const dataEnv = await env(tempDir('start'));
  const firstStart = await timeStart(dataEnv);
  log('start-up: `npm start` on the data folder of the start before');
  const laterStart = await timeStart(dataEnv);
  const startup = { freshClone, firstStart, laterStart };
  // On every run, whole or `BENCH_ONLY=startup`: docs/operations.md shows these figures.
  const results: StartupResults = {
    ranAt: new Date().toISOString(),
    nproc: os.availableParallelism(),
    loadAverage: os.loadavg(),
    ...startup,
  };
  fs.writeFileSync(startupResultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeStartupTable(results);
  return startup;
}

async function timeStart(env: NodeJS.ProcessEnv): Promise<StartTimes> {
  const started = performance.now();
  // Its own process group, as a terminal gives the command it runs.
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Stopped as Ctrl-C in a terminal does: SIGINT to the process group, then wait until it is
  // gone (npm start stops its services, in groups of their own, before it exits).
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
  let gatewayReadySeconds: number | undefined;
  try {
    const upSeconds = await new Promise<number>((resolve, reject) => {
      const onLine = (line: string) => {
        output.push(line);
        if (gatewayReadySeconds === undefined && /^\[gateway\] .*gateway ready at/.test(line)) {
          gatewayReadySeconds = (performance.now() - started) / 1000;
        }
        if (/^The graph is up after/.test(line)) resolve((performance.now() - started) / 1000);
      };
      readline.createInterface({ input: child.stdout! }).on('line', onLine);
      readline.createInterface({ input: child.stderr! }).on('line', onLine);
      child.once('exit', (code) =>
        reject(new Error(`npm start exited (${code}) before the graph was up:\n${output.slice(-30).join('\n')}`)),
      );
      setTimeout(() => reject(new Error(`npm start: not up after 300 s:\n${output.slice(-30).join('\n')}`)), 300_000).unref();
    });
    return { gatewayReadySeconds: gatewayReadySeconds!, upSeconds };
  } finally {
    await stop();
  }
}
