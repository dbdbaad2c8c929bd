import { runMain } from '../../common/src/configError';
import { loadConfig } from './config';
import { startGatewayServer } from './server';

runMain(async () => {
  const config = loadConfig();
  const server = await startGatewayServer(config);
  console.log(`gateway ready at ${server.url} (Sandbox: http://localhost:${server.port}/)`);
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
