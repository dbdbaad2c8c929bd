import path from 'node:path';
import { runMain } from '#platform/runService';
import { loadStartConfig } from './config';
import { watchRegistry } from '#platform/watchRegistry';
import { startStack } from './stack';
import { ensureFrontendsBuilt } from './frontendBuild';
import { generateTrustedDocuments } from './trustedDocuments';

/**
 * `npm start`: the whole graph on one machine. A PostgreSQL (embedded unless DATABASE_URL names
 * a server), then samverkan and one process per kommun of the registry, then the gateway.
 */
runMain(async () => {
  const config = loadStartConfig();
  const started = Date.now();
  // The gateway reads the manifest at start; the dashboard's build reads its ids.
  for (const file of generateTrustedDocuments()) console.log(`trusted documents: generated ${file}`);
  // Built alongside the database and the services; the gateway serves whatever is built.
  const frontendsBuilt = ensureFrontendsBuilt((line) => console.log(line));
  let database: { dataDir: string; port: number } | undefined;
  if (config.databaseUrl) {
    console.log(`database: using the PostgreSQL server at DATABASE_URL (${redact(config.databaseUrl)})`);
  } else {
    database = { dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPort };
    console.log(`database: starting embedded PostgreSQL on port ${database.port}, data in ${database.dataDir}`);
  }

  // The embedded database is a supervised process of the stack, like every service: when it
  // dies it is started again, and the services reconnect by themselves.
  const stack = await startStack({
    serverUrl: config.databaseUrl,
    database,
    registry: config.registry,
    gatewayPort: config.gatewayPort,
    samverkanPort: config.samverkanPort,
    registryFile: path.join(config.dataDir, 'registry.json'),
    keysDir: path.join(config.dataDir, 'keys'),
    seed: true,
    env: config.env,
    ownProcessGroups: true,
    log: (line) => console.log(line),
  });
  await frontendsBuilt;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nThe graph is up after ${seconds} s.`);
  console.log(`  Apollo Sandbox:  http://localhost:${stack.gateway.port}/  (loaded from Apollo's servers)`);
  console.log(`  GraphiQL:        http://localhost:${stack.gateway.port}/graphiql/  (bundled, works offline)`);
  console.log(`  GraphQL:         ${stack.gateway.url}`);
  console.log(`  Dashboard:       http://localhost:${stack.gateway.port}/dashboard/`);
  console.log(`Stop with Ctrl-C. Edit ${config.registryFile} to add or remove a kommun while it runs.`);

  // A kommun joins by configuration alone: a new registry entry gets its own process and
  // database, and the gateway picks up the new registry without a restart.
  watchRegistry(
    config.registryFile,
    (registry) => {
      stack.applyRegistry(registry).catch((error: Error) => console.log(`registry: ${error.message.split('\n')[0]}`));
    },
    { info: (message) => console.log(message), warn: (message) => console.log(message) },
  );

  // The services run in process groups of their own: Ctrl-C reaches only this process (tsx
  // passes it on once more), which stops them in order, so that the gateway finishes its requests
  // while the kommuner still answer. Each service's stop is bounded (20 s).
  let stopping = 0;
  let now = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C: every service ends at once, without finishing its requests. (npm and
      // tsx pass the first one on once more, soon after but late on a loaded machine.)
      if (signal === 'SIGINT' && !now && Date.now() - stopping > SAME_SIGNAL_MS) {
        now = true;
        console.log('stopping now');
        const services = [stack.gateway, stack.samverkan, ...stack.kommuner.values(), stack.database];
        for (const service of services) service?.child.kill('SIGINT');
      }
      return;
    }
    stopping = Date.now();
    console.log('\nstopping: gateway, subgraphs, database (Ctrl-C again: at once)');
    await stack.stop();
    process.exit(now ? 1 : 0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A closed terminal sends SIGHUP to this process only: the services must not outlive it.
  process.on('SIGHUP', stop);
});

/** Signals this close together are one Ctrl-C, delivered twice; a person's second comes later. */
const SAME_SIGNAL_MS = 2000;

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
