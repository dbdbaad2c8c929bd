import pg from 'pg';
import { databaseUrl } from './ensureDatabase';

const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * Puts the database at `replacementUrl` in the place (the name) of the one at `liveUrl`, on the
 * same server, while the service on it keeps running: the live database stops taking
 * connections, its sessions are ended, it is renamed to `keptName` (kept, not dropped), and the
 * replacement takes its name. The service's pool connects again to the replacement by itself;
 * for that moment its requests answer that the database is unavailable, with their code.
 */
export async function replaceDatabase(liveUrl: string, replacementUrl: string, keptName: string): Promise<void> {
  const live = pg.escapeIdentifier(nameOf(liveUrl));
  const kept = pg.escapeIdentifier(keptName);
  const client = new pg.Client({ connectionString: databaseUrl(liveUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${live} WITH ALLOW_CONNECTIONS false`);
    // A session may still be starting as the others end: a few rounds, then say so.
    for (let round = 1; ; round += 1) {
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [nameOf(liveUrl)],
      );
      try {
        await client.query(`ALTER DATABASE ${live} RENAME TO ${kept}`);
        break;
      } catch (error) {
        // 55006 object_in_use: a session had not ended yet.
        if ((error as { code?: string }).code !== '55006' || round === 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await client.query(`ALTER DATABASE ${kept} WITH ALLOW_CONNECTIONS true`);
    await client.query(`ALTER DATABASE ${pg.escapeIdentifier(nameOf(replacementUrl))} RENAME TO ${live}`);
  } finally {
    await client.end();
  }
}
