import { runService } from '#platform/runService';
import { loadConfig } from '../config';
import { startKommunRouterServer } from './server';

runService(
  () => startKommunRouterServer(loadConfig(undefined, 4010)),
  (server) => `kommun router ready at ${server.url} (${server.router.kommuner.length} kommuner)`,
);
