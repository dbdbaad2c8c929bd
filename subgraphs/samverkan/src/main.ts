import { runMain } from '../../../common/src/configError';
import { loadConfig } from './config';
import { startSamverkanServer } from './server';

runMain(async () => {
  const config = loadConfig();
  const server = await startSamverkanServer(config);
  console.log(`samverkan ready at ${server.url}`);
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
