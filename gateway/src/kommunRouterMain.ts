import { runMain } from '../../common/src/configError';
import { loadConfig } from './config';
import { startKommunRouterServer } from './kommunRouterServer';

runMain(async () => {
  const config = loadConfig(undefined, 4010);
  const server = await startKommunRouterServer(config);
  console.log(`kommun router ready at ${server.url} (${config.registry.length} kommuner)`);
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGHUP', () => server.reloadRegistry());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
