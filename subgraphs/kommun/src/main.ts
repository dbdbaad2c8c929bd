import { runMain } from '../../../common/src/configError';
import { loadConfig } from './config';
import { startKommunServer } from './server';

runMain(async () => {
  const config = loadConfig();
  const server = await startKommunServer(config);
  console.log(`kommun ${config.kommunkod} ${config.namn} ready at ${server.url}`);
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
