import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { freePort } from '../../scripts/freePort';

// As root, the embedded PostgreSQL runs as its own user, which must reach its data and binaries
// even in a checkout only root may enter (mode 0700, as /root or a `mktemp -d` folder).
const asRoot = process.getuid?.() === 0 ? it : it.skip;

/** scripts/database.ts as `npm start` and the tests run it: resolves with its URL and output. */
function startDatabase(dataDir: string, port: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve(__dirname, '../../scripts/database.ts'), dataDir, String(port)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    const onLine = (line: string) => {
      output.push(line);
      const match = /database ready at (\S+)/.exec(line);
      if (match) resolve(match[1]);
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`the database exited (${code}):\n${output.join('\n')}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { ready, output, stop };
}

describe('the embedded PostgreSQL', () => {
  asRoot('starts with its data in a folder only root may enter', async () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-closed-'));
    expect(fs.statSync(closed).mode & 0o777).toBe(0o700);
    const database = startDatabase(path.join(closed, '.data', 'postgres'), await freePort());
    try {
      const client = new pg.Client({ connectionString: await database.ready });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      expect(database.output.join('\n')).toContain(`could not enter ${closed}`);
      expect(fs.statSync(closed).mode & 0o777).toBe(0o701);
    } finally {
      await database.stop();
      fs.rmSync(closed, { recursive: true, force: true });
    }
  });
});
