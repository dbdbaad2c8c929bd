import { startEmbeddedPostgres } from '#dev-tools/embeddedPostgres';
import { createLogger } from '#platform/telemetry/logger';

/** The embedded PostgreSQL serves development and tests only: readable log lines. */
const log = createLogger({ service: 'database', production: false, logLevel: 'info' });

/**
 * Runs an embedded PostgreSQL as its own process: `tsx scripts/database.ts <dataDir> <port>`.
 * Prints `database ready at <url>` and stops the server on SIGTERM, SIGINT or when its parent
 * closes stdin, so that a test run that dies does not leave a server behind. When the server
 * exits without being asked (killed, or shut down from outside), so does this process, with an
 * error: the supervisor of `npm start` then starts the database again as it does any service.
 */
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: tsx scripts/database.ts <dataDir> <port>');
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port), log: (line) => log.info(line) });
  log.info(`database ready at ${server.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().finally(() => process.exit(0));
  };
  server.exited.then(() => {
    if (stopping) return;
    log.error('the PostgreSQL server exited without being asked to');
    process.exit(1);
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'the database did not start');
  process.exit(1);
});
