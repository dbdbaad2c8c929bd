import { runService } from '#platform/runService';
import { loadConfig } from './config';
import { startSamverkanServer } from './server';

runService(
  () => startSamverkanServer(loadConfig()),
  (server) => `samverkan ready at ${server.url}`,
);
