import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { databaseUrl } from '#platform/database/ensureDatabase';
import { ensureDevKeys } from '#dev-tools/devIssuer';
import type { KommunEntry, KommunRegistry } from '#platform/registry';

const root = path.resolve(__dirname, '..');

/** A service running as its own process. */
export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  /** The current process; a supervised service gets a new one after each restart. */
  readonly child: ChildProcess;
  /**
   * A planned restart, as in a rolling deploy: SIGTERM (the service answers the requests in
   * flight and exits), then the same service again on the same port. Resolves when it is ready.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** URL of a PostgreSQL server (any database); each service gets its own database on it. */
  serverUrl?: string;
  /**
   * Instead of `serverUrl`: an embedded PostgreSQL the stack runs as a supervised process of its
   * own (scripts/database.ts), started again like any service when it dies.
   */
  database?: { dataDir: string; port: number };
  /** Prefix of the services' database names, so that test runs do not share databases. */
  databasePrefix?: string;
  registry: KommunRegistry;
  /** Port per service; 0 picks a free one. Kommun ports default to their registry URLs. */
  gatewayPort?: number;
  samverkanPort?: number;
  kommunPort?: (kommunkod: string) => number;
  /** Where the gateway's registry (with the URLs the kommuner really got) is written. */
  registryFile?: string;
  /**
   * Where the development keys live (the local token issuer and the gateway's internal key);
   * made here before any service starts, so that all of them read the same keys.
   */
  keysDir?: string;
  seed?: boolean;
  /** The gateway's main (default gateway/src/main.ts); the bench starts its baseline this way. */
  gatewayScript?: string;
  /** The kommuner's main (default subgraphs/kommun/src/main.ts); tests start variants this way. */
  kommunScript?: string;
  /** Restart services that die (default true). */
  supervise?: boolean;
  /**
   * Each service in a process group of its own (`npm start`): a terminal's Ctrl-C then reaches
   * only the supervisor, which stops them in order. Off, Ctrl-C of the test run that started the
   * stack reaches every service too.
   */
  ownProcessGroups?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Receives every line the services print, prefixed with the service name. */
  log?: (line: string) => void;
}

export interface Stack {
  /** The embedded PostgreSQL, when the stack runs one (`StackOptions.database`). */
  database?: ServiceProcess;
  gateway: ServiceProcess;
  samverkan: ServiceProcess;
  kommuner: Map<string, ServiceProcess>;
  /** The registry file the gateway watches. */
  registryFile: string;
  keysDir: string;
  /**
   * Brings the running graph in line with a new registry: starts the kommuner it adds (each
   * with its own database), stops the ones it drops, and rewrites the gateway's registry file,
   * which the gateway reloads without a restart.
   */
  applyRegistry(registry: KommunRegistry): Promise<void>;
  stop(): Promise<void>;
}

/** The database URL of a service on the stack's server. */
export function serviceDatabaseUrl(options: { serverUrl: string; databasePrefix?: string }, service: string): string {
  return databaseUrl(options.serverUrl, `${options.databasePrefix ?? ''}${service}`);
}

/**
 * Starts every service of the graph as its own process: samverkan and the kommun instances in
 * parallel (each creates, migrates and seeds its own database), then the gateway, pointed at
 * the ports the others actually got.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const seed = String(options.seed ?? true);
  const supervise = options.supervise ?? true;
  // Without a given registry file the stack keeps its registry and keys in a folder of its own,
  // removed again when it stops.
  const ownDir = options.registryFile ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-registry-'));
  const registryFile = options.registryFile ?? path.join(ownDir!, 'kommuner.json');
  const kommuner = new Map<string, ServiceProcess>();
  let registry: KommunRegistry = [];
  const keysDir = options.keysDir ?? path.join(path.dirname(registryFile), 'keys');
  await ensureDevKeys(keysDir);
  const env = { ...options.env, KEYS_DIR: keysDir };
  const database = options.database
    ? await startService({
        name: 'database',
        script: 'scripts/database.ts',
        args: [options.database.dataDir, String(options.database.port)],
        env: { ...process.env, ...options.env },
        log: options.log,
        supervise,
        ownProcessGroup: options.ownProcessGroups,
      })
    : undefined;
  const serverUrl = database?.url ?? options.serverUrl;
  if (!serverUrl) throw new Error('startStack needs a serverUrl or a database to run');
  const dbUrl = (service: string) => serviceDatabaseUrl({ serverUrl, databasePrefix: options.databasePrefix }, service);

  const startKommun = (entry: KommunEntry) =>
    startService({
      name: `kommun ${entry.kommunkod} ${entry.namn}`,
      script: options.kommunScript ?? 'subgraphs/kommun/src/main.ts',
      env: {
        ...env,
        KOMMUNKOD: entry.kommunkod,
        PORT: String(options.kommunPort?.(entry.kommunkod) ?? Number(new URL(entry.url).port)),
        DATABASE_URL: dbUrl(`kommun_${entry.kommunkod}`),
        KOMMUN_REGISTRY: JSON.stringify({ kommuner: [entry] }),
        SEED: seed,
      },
      log: options.log,
      supervise,
      ownProcessGroup: options.ownProcessGroups,
    });
  /** Starts the kommuner not yet running; the registry keeps their real URLs. */
  const startKommuner = async (entries: KommunRegistry) => {
    const results = await Promise.allSettled(entries.map(startKommun));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') kommuner.set(entries[i].kommunkod, r.value);
    });
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  };
  const writeRegistry = (next: KommunRegistry) => {
    registry = next.map((k) => ({ ...k, url: kommuner.get(k.kommunkod)!.url }));
    // Written whole to a new file and renamed, so the gateway never reads half a registry.
    fs.writeFileSync(`${registryFile}.tmp`, JSON.stringify({ kommuner: registry }, null, 2));
    fs.renameSync(`${registryFile}.tmp`, registryFile);
  };

  let samverkan: ServiceProcess | undefined;
  let gateway: ServiceProcess | undefined;
  const stopAll = async () => {
    await gateway?.stop();
    await Promise.all([samverkan, ...kommuner.values()].map((s) => s?.stop()));
    await database?.stop();
    if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
  };
  try {
    const samverkanStart = startService({
      name: 'samverkan',
      script: 'subgraphs/samverkan/src/main.ts',
      env: {
        ...env,
        PORT: String(options.samverkanPort ?? 4001),
        DATABASE_URL: dbUrl('samverkan'),
        SEED: seed,
      },
      log: options.log,
      supervise,
      ownProcessGroup: options.ownProcessGroups,
    }).then((s) => (samverkan = s));
    await Promise.all([samverkanStart, startKommuner(options.registry)]);
    writeRegistry(options.registry);
    gateway = await startService({
      name: 'gateway',
      script: options.gatewayScript ?? 'gateway/src/main.ts',
      env: {
        // A stack runs one gateway, so a write's invalidation reaches every answer it keeps.
        KOMMUN_CACHE_SINGLE_REPLICA: 'true',
        ...env,
        PORT: String(options.gatewayPort ?? 4000),
        SAMVERKAN_URL: samverkan!.url,
        KOMMUN_REGISTRY_FILE: registryFile,
      },
      log: options.log,
      supervise,
      ownProcessGroup: options.ownProcessGroups,
    });
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    database,
    gateway,
    samverkan: samverkan!,
    kommuner,
    registryFile,
    keysDir,
    async applyRegistry(next) {
      const wanted = new Set(next.map((k) => k.kommunkod));
      for (const [kommunkod, process] of kommuner) {
        if (wanted.has(kommunkod)) continue;
        await process.stop();
        kommuner.delete(kommunkod);
      }
      await startKommuner(next.filter((k) => !kommuner.has(k.kommunkod)));
      writeRegistry(next);
    },
    stop: stopAll,
  };
}

/** A service's ready line, readable or JSON (the URL ends before a space or the closing quote). */
const READY = /ready at ((?:http|postgres):\/\/[^\s"]+)/;

export interface ServiceSpec {
  name: string;
  script: string;
  args?: string[];
  /** Options of node itself, before the script (e.g. `--cpu-prof` for a profile). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Start the service again, with back-off, when it exits without being asked to. */
  supervise?: boolean;
  /** A process group of its own (StackOptions.ownProcessGroups). */
  ownProcessGroup?: boolean;
}

/**
 * Spawns one service (`node --import tsx`) and resolves when it prints its ready line, which
 * carries the URL it listens on; rejects with its output when it exits first. Supervised, a
 * service that crashes later (killed, or exiting with an error) is started again on the same
 * port after 0.5 s, 1 s, 2 s … (at most 10 s; the delay resets once it has stayed up for a
 * minute). The gateway needs no restart: it reaches the kommun on its next request.
 */
export async function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  let current = await spawnService(spec);
  let stopped = false;
  let restarting = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  // A restart must come back on the port the gateway knows, not on a new free one.
  const env = { ...spec.env, PORT: String(current.port) };

  const scheduleRestart = (reason: string) => {
    failures += 1;
    const delay = Math.min(500 * 2 ** (failures - 1), 10_000);
    spec.log?.(`[${spec.name}] ${reason}; starting it again in ${delay} ms`);
    restartTimer = setTimeout(() => {
      spawnService({ ...spec, env }).then(
        (next) => {
          if (stopped) return void next.child.kill('SIGTERM');
          current = next;
          watch(next);
        },
        (error: Error) => scheduleRestart(`did not start again (${error.message.split('\n')[0]})`),
      );
    }, delay);
  };
  const watch = (running: SpawnedService) =>
    running.child.once('exit', (code, signal) => {
      // A clean exit or a stop signal (from the supervisor, or a person's kill) is a shutdown,
      // not a crash: only crashes are restarted.
      const shutdown = code === 0 || signal === 'SIGINT' || signal === 'SIGTERM';
      if (stopped || restarting || !spec.supervise || shutdown) return;
      if (Date.now() - running.readyAt > 60_000) failures = 0;
      scheduleRestart(`exited (${signal ?? code})`);
    });
  watch(current);

  return {
    name: spec.name,
    url: current.url,
    port: current.port,
    get child() {
      return current.child;
    },
    async restart() {
      if (stopped) throw new Error(`${spec.name} was stopped; it cannot be restarted`);
      restarting = true;
      try {
        clearTimeout(restartTimer);
        const child = current.child;
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          child.kill('SIGTERM');
          await exited;
        }
        const next = await spawnService({ ...spec, env });
        if (stopped) return void next.child.kill('SIGTERM');
        current = next;
        watch(next);
      } finally {
        restarting = false;
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      const child = current.child;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface SpawnedService {
  child: ChildProcess;
  url: string;
  port: number;
  readyAt: number;
}

function spawnService(spec: ServiceSpec): Promise<SpawnedService> {
  // stdin stays open while the supervisor lives: the database process stops when it closes.
  const child = spawn(
    process.execPath,
    [...(spec.nodeArgs ?? []), '--import', 'tsx', path.join(root, spec.script), ...(spec.args ?? [])],
    {
      cwd: root,
      env: spec.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: spec.ownProcessGroup ?? false,
    },
  );
  if (spec.ownProcessGroup) {
    // Out of the terminal's group, a service would outlive a supervisor that exits by an error.
    const stopChild = () => child.kill('SIGTERM');
    process.once('exit', stopChild);
    child.once('exit', () => process.off('exit', stopChild));
  }
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    let ready = false;
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > 50) output.shift();
      spec.log?.(`[${spec.name}] ${line}`);
      const match = READY.exec(line);
      if (match && !ready) {
        ready = true;
        const url = match[1];
        resolve({ child, url, port: Number(new URL(url).port), readyAt: Date.now() });
      }
    };
    readline.createInterface({ input: child.stdout! }).on('line', onLine);
    readline.createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`${spec.name} exited (${signal ?? code}) before it was ready:\n${output.join('\n')}`));
    });
  });
}
