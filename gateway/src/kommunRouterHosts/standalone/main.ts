import { runService } from '#platform/runService';
import type * as ServerModule from './server';
import { loadConfig } from '../../config';

/** The server's modules, loaded once tracing has started (see runService), so that its instrumentations patch pg and http as they load. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load them before tracing starts
const loadServer = () => require('./server') as typeof ServerModule;

runService(
  () => loadConfig(undefined, 4010, 'kommun router'),
  (config, logger) => loadServer().startKommunRouterServer(config, logger),
  (server) => `kommun router ready at ${server.url} (${server.router.kommuner.length} kommuner)`,
);
