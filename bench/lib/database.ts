import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { databaseUrl, dropDatabase } from '#platform/database/ensureDatabase';
import { freePort } from '../../scripts/freePort';
import { onCleanup } from './cleanup';

const root = path.resolve(__dirname, '../..');

export interface BenchDatabase {
  /** A PostgreSQL server URL (its `postgres` database). */
  serverUrl: string;
  /** Prefix of every database the bench makes, so that a shared server keeps its own. */
  prefix: string;
  embedded: boolean;
  /** The URL of a bench database on the server; it is dropped at cleanup. */
  url(name: string): string;
}

/**
 * The server at DATABASE_URL, or an embedded PostgreSQL in a temporary folder, run as its own
 * process (scripts/database.ts, as the tests do) and removed at cleanup.
 */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  const prefix = `kgbench_${randomBytes(3).toString('hex')}_`;
  const made = new Set<string>();
  let serverUrl: string;
  let embedded = false;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    onCleanup('databases', () => Promise.all([...made].map((name) => dropDatabase(databaseUrl(serverUrl, name)))));
  } else {
    embedded = true;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-bench-pg-'));
    // PostgreSQL runs as its own unprivileged user when the bench runs as root.
    fs.chmodSync(dataDir, 0o755);
    onCleanup('database folder', () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts/database.ts'), path.join(dataDir, 'data'), String(port)],
      {
        cwd: root,
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    onCleanup('database', async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    });
    serverUrl = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /database ready at (\S+)/.exec(line);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready`)));
    });
  }
  return {
    serverUrl,
    prefix,
    embedded,
    url(name) {
      made.add(`${prefix}${name}`);
      return databaseUrl(serverUrl, `${prefix}${name}`);
    },
  };
}
