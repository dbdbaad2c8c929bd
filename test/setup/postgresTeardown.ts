import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Stops the embedded PostgreSQL that test/setup/postgres.ts started, if it started one. */
export default async function stopTestPostgres(): Promise<void> {
  const database = (globalThis as Record<string, unknown>).__testDatabase as { child: ChildProcess; dataDir: string } | undefined;
  if (!database) return;
  const exited = new Promise((resolve) => database.child.once('exit', resolve));
  database.child.kill('SIGTERM');
  await exited;
  fs.rmSync(database.dataDir, { recursive: true, force: true });
}
