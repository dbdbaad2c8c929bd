import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * A bad setting as a person meets it: each service's start command with one variable wrong prints
 * one readable line naming it (not a JSON log record) and exits with code 1.
 */
const root = path.resolve(__dirname, '../..');

function start(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout })));
}

it.each([
  ['start:gateway', 'gateway/src/main.ts', [], { PORT: 'abc' }, /^Configuration error: PORT must be a port number/],
  [
    'start:kommun',
    'subgraphs/kommun/src/main.ts',
    ['2262'],
    { PORT: 'abc', DATABASE_URL: 'postgres://127.0.0.1:1/x' },
    /^Configuration error: PORT must be a port number/,
  ],
  ['start:samverkan', 'subgraphs/samverkan/src/main.ts', [], {}, /^Configuration error: DATABASE_URL is not set/],
])('%s with a bad setting prints one readable line naming it, and exits 1', async (_name, script, args, env, line) => {
  const { code, stderr, stdout } = await start(script, args, env);
  expect(code).toBe(1);
  expect(stdout).toBe('');
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(lines[0]).not.toMatch(/^\{/);
});
