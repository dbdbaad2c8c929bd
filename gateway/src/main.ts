import { runService } from '#platform/runService';
import type * as ServerModule from './server';
import { loadConfig } from './config';

/** The server's modules, loaded once tracing has started (see runService), so that its instrumentations patch pg and http as they load. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load them before tracing starts
const loadServer = () => require('./server') as typeof ServerModule;

runService(
  () => loadConfig(),
  (config, logger) => loadServer().startGatewayServer(config, logger),
  (server) =>
    `gateway ready at ${server.url} (Sandbox: http://localhost:${server.port}/, GraphiQL: http://localhost:${server.port}/graphiql/)`,
);
