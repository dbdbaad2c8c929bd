import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { databaseUrl } from '../common/src/database/ensureDatabase';
import type { KommunRegistry } from '../common/src/registry';

const root = path.resolve(__dirname, '..');

/** A service running as its own process. */
export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** URL of a PostgreSQL server (any database); each service gets its own database on it. */
  serverUrl: string;
  /** Prefix of the services' database names, so that test runs do not share databases. */
  databasePrefix?: string;
  registry: KommunRegistry;
  /** Port per service; 0 picks a free one. Kommun ports default to their registry URLs. */
  gatewayPort?: number;
  samverkanPort?: number;
  kommunPort?: (kommunkod: string) => number;
  seed?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Receives every line the services print, prefixed with the service name. */
  log?: (line: string) => void;
}

export interface Stack {
  gateway: ServiceProcess;
  samverkan: ServiceProcess;
  kommuner: Map<string, ServiceProcess>;
  /** Starts a stopped kommun again on the same port and database. */
  restartKommun(kommunkod: string): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/** The database URL of a service on the stack's server. */
export function serviceDatabaseUrl(options: Pick<StackOptions, 'serverUrl' | 'databasePrefix'>, service: string): string {
  return databaseUrl(options.serverUrl, `${options.databasePrefix ?? ''}${service}`);
}

/**
 * Starts every service of the graph as its own process: samverkan and the kommun instances in
 * parallel (each creates, migrates and seeds its own database), then the gateway, pointed at
 * the ports the others actually got.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const seed = String(options.seed ?? true);
  const kommunEnv = (kommunkod: string, port: number): NodeJS.ProcessEnv => ({
    KOMMUNKOD: kommunkod,
    PORT: String(port),
    DATABASE_URL: serviceDatabaseUrl(options, `kommun_${kommunkod}`),
    KOMMUN_REGISTRY: JSON.stringify({ kommuner: options.registry }),
    SEED: seed,
  });
  const kommunPort = (kommunkod: string) =>
    options.kommunPort?.(kommunkod) ??
    Number(new URL(options.registry.find((k) => k.kommunkod === kommunkod)!.url).port);

  const started: ServiceProcess[] = [];
  try {
    const samverkanPromise = startService({
      name: 'samverkan',
      script: 'subgraphs/samverkan/src/main.ts',
      env: { ...options.env, PORT: String(options.samverkanPort ?? 4001), DATABASE_URL: serviceDatabaseUrl(options, 'samverkan'), SEED: seed },
      log: options.log,
    });
    const kommunPromises = options.registry.map((k) =>
      startService({
        name: `kommun ${k.kommunkod} ${k.namn}`,
        script: 'subgraphs/kommun/src/main.ts',
        env: { ...options.env, ...kommunEnv(k.kommunkod, kommunPort(k.kommunkod)) },
        log: options.log,
      }),
    );
    const results = await Promise.allSettled([samverkanPromise, ...kommunPromises]);
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;

    const [samverkan, ...kommunProcesses] = results.map((r) => (r as PromiseFulfilledResult<ServiceProcess>).value);
    const kommuner = new Map(options.registry.map((k, i) => [k.kommunkod, kommunProcesses[i]]));
    const registry = options.registry.map((k) => ({ ...k, url: kommuner.get(k.kommunkod)!.url }));
    const gateway = await startService({
      name: 'gateway',
      script: 'gateway/src/main.ts',
      env: {
        ...options.env,
        PORT: String(options.gatewayPort ?? 4000),
        SAMVERKAN_URL: samverkan.url,
        KOMMUN_REGISTRY: JSON.stringify({ kommuner: registry }),
      },
      log: options.log,
    });
    started.push(gateway);
    return {
      gateway,
      samverkan,
      kommuner,
      async restartKommun(kommunkod) {
        const entry = registry.find((k) => k.kommunkod === kommunkod)!;
        const process = await startService({
          name: `kommun ${kommunkod} ${entry.namn}`,
          script: 'subgraphs/kommun/src/main.ts',
          env: { ...options.env, ...kommunEnv(kommunkod, Number(new URL(entry.url).port)) },
          log: options.log,
        });
        kommuner.set(kommunkod, process);
        return process;
      },
      async stop() {
        await gateway.stop();
        await Promise.all([samverkan, ...kommuner.values()].map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}

const READY = /ready at (http:\/\/\S+)/;

/**
 * Spawns one service (`node --import tsx`) and resolves when it prints its ready line, which
 * carries the URL it listens on; rejects with its output when it exits first.
 */
export function startService(options: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, options.script)], {
    cwd: root,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > 50) output.shift();
      options.log?.(`[${options.name}] ${line}`);
      const match = READY.exec(line);
      if (match) {
        const url = match[1];
        resolve({
          name: options.name,
          url,
          port: Number(new URL(url).port),
          child,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    readline.createInterface({ input: child.stdout! }).on('line', onLine);
    readline.createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code, signal) =>
      reject(new Error(`${options.name} exited (${signal ?? code}) before it was ready:\n${output.join('\n')}`)),
    );
  });
}
