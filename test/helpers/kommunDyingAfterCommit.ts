import { runService } from '#platform/runService';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import type * as ServerModule from '../../subgraphs/kommun/src/server';

/**
 * A kommun's main for tests only: the kommun as subgraphs/kommun/src/main.ts runs it, except that
 * the process kills itself (SIGKILL) after each write commits, before its answer leaves. How a
 * test loses the answer of a write that was made; the production build has no such switch.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once tracing has started, as main.ts does
const loadServer = () => require('../../subgraphs/kommun/src/server') as typeof ServerModule;

runService(
  () => loadConfig(),
  (config, logger) => loadServer().startKommunServer(config, { logger, afterCommit: () => process.kill(process.pid, 'SIGKILL') }),
  (server, config) => `kommun ${config.kommunkod} ${config.namn} ready at ${server.url}`,
);
