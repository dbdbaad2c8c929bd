import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrl, dropDatabase } from '#platform/database/ensureDatabase';

/** The PostgreSQL server of this test run (see test/setup/postgres.ts): integration and e2e tests only. */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set: a test that needs PostgreSQL belongs in test/integration or test/e2e, whose jest projects start one',
    );
  }
  return url;
}

/**
 * A prefix for database names that no other test file or test run uses, so that runs against a
 * shared server (the PostgreSQL 15 of CI) never collide. Databases are dropped by `dropAll`.
 */
export function uniquePrefix(): string {
  return `kgtest_${randomBytes(4).toString('hex')}_`;
}

export function testDatabaseUrl(prefix: string, name: string): string {
  return databaseUrl(testServerUrl(), `${prefix}${name}`);
}

export async function dropAll(urls: string[]): Promise<void> {
  await Promise.all(urls.map((url) => dropDatabase(url)));
}

/** Drops every database whose name starts with `prefix`. */
export async function dropDatabasesWithPrefix(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(testServerUrl(), 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
      prefix,
    ]);
    await dropAll(rows.map((r) => databaseUrl(testServerUrl(), r.datname)));
  } finally {
    await client.end();
  }
}
