import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { freePort } from '../../scripts/freePort';

/**
 * The PostgreSQL of the integration and e2e projects (jest runs it only when one of their files
 * runs): the server at DATABASE_URL when set, otherwise an embedded one started for this run on a
 * free port in a temporary folder, so that parallel runs never share a server. Tests find it in
 * TEST_DATABASE_URL and make their own databases.
 */
export default async function startTestPostgres(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-test-pg-'));
  // PostgreSQL runs as its own unprivileged user when the tests run as root.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve(__dirname, '../../scripts/database.ts'), path.join(dataDir, 'data'), String(port)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /database ready at (\S+)/.exec(line);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready`)));
  });
  process.env.TEST_DATABASE_URL = url;
  (globalThis as Record<string, unknown>).__testDatabase = { child, dataDir };
}
