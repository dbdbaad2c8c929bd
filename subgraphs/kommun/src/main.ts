import { runService } from '#platform/runService';
import { loadConfig, type KommunConfig } from './config';
import { startKommunServer } from './server';

// Read inside runService, so that a bad setting ends in one clear line, not a stack trace.
let config: KommunConfig;
runService(
  () => startKommunServer((config = loadConfig())),
  (server) => `kommun ${config.kommunkod} ${config.namn} ready at ${server.url}`,
);
