import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A command-line tool run while the database it needs is down (`npm run export` before
 * `npm start`) says so in one line, without a stack trace. No database is needed: the port is closed.
 */
it('npm run export with no database answering says what to start, in one line', async () => {
  const root = path.resolve(__dirname, '../..');
  const run = promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/export.ts', '--kommun', '2262', path.join(root, '.data', 'never-written.json')],
    { cwd: root, env: { ...process.env, KOMMUN_DATABASE_URL: 'postgres://postgres@127.0.0.1:9/kommun_2262' } },
  );
  const failure = await run.then(
    () => null,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr.trim()).toBe(
    'Nothing answers at 127.0.0.1:9: start the server it needs (`npm start` runs the embedded PostgreSQL), or point the command at another',
  );
}, 60_000);
