import { runService } from '#platform/runService';
import { loadConfig } from './config';
import { startGatewayServer } from './server';

runService(
  () => startGatewayServer(loadConfig()),
  (server) =>
    `gateway ready at ${server.url} (Sandbox: http://localhost:${server.port}/, GraphiQL: http://localhost:${server.port}/graphiql/)`,
);
