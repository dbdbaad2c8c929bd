import { ConfigError } from './configError';
import { createLogger, type Logger } from './telemetry/logger';
import { startTracing } from './telemetry/tracing';
import type { TelemetryConfig } from './telemetry/telemetryConfig';

/** Signals this close together are one Ctrl-C, delivered twice; a person's second comes later. */
const SAME_SIGNAL_MS = 2000;

/**
 * A command-line tool's main (keys, token, backup, restore, `npm start`): a ConfigError becomes
 * one clear line and exit code 1. What such a tool prints is its output, not a service's log.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const refused = error as { code?: string; address?: string; port?: number };
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
    } else if (refused.code === 'ECONNREFUSED') {
      // Most often the database of `npm start` while it is not running: one line, not a stack.
      console.error(
        `Nothing answers at ${refused.address}:${refused.port}: start the server it needs (\`npm start\` runs the embedded PostgreSQL), or point the command at another`,
      );
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}

/** What a service main needs of the server it started. */
export interface StoppableServer {
  stop(): Promise<void>;
  reloadRegistry?(): void;
}

/** Beyond the HTTP front's drain (10 s): a stop that takes longer than this is stuck. */
const STOP_BOUND_MS = 20_000;

/**
 * A service's main: reads its configuration, makes its logger, starts tracing when configured
 * (before `start` loads the server's modules, so that pg is instrumented as it loads), starts
 * the service, logs its ready line (which `npm start` waits for), stops it gracefully on SIGINT
 * or SIGTERM, and reloads its registry on SIGHUP where it has one.
 *
 * Gracefully: the server stops taking connections at once, answers the requests in flight
 * (bounded by its HTTP front's drain), then closes its pools, sends the spans still buffered
 * and exits 0. A second Ctrl-C, or a stop that outlasts its bound, ends the process at once with
 * exit code 1. A bad setting ends in one log line that names the variable, and exit code 1.
 */
export function runService<C extends { telemetry: TelemetryConfig }, T extends StoppableServer>(
  loadConfig: () => C,
  start: (config: C, logger: Logger) => Promise<T>,
  readyLine: (server: T, config: C) => string,
): void {
  let logger: Logger | undefined;
  const main = async () => {
    const config = loadConfig();
    const log = (logger = createLogger(config.telemetry));
    const tracing = await startTracing(config.telemetry);
    const server = await start(config, log);
    log.info(readyLine(server, config));
    let stopping: number | undefined;
    const stop = (signal: NodeJS.Signals) => {
      // A SIGINT while stopping is a second Ctrl-C (a terminal's, or passed on by `npm start`,
      // which stops its services by SIGTERM): "now". A SIGTERM after a Ctrl-C changes nothing,
      // nor does the first Ctrl-C delivered again (npm and tsx pass it on to their child).
      if (stopping !== undefined) {
        if (signal === 'SIGINT' && Date.now() - stopping > SAME_SIGNAL_MS) process.exit(1);
        return;
      }
      stopping = Date.now();
      log.info(`${signal}: finishing the requests in flight, then stopping`);
      setTimeout(() => process.exit(1), STOP_BOUND_MS).unref();
      server
        .stop()
        .then(() => tracing?.stop())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'stopping failed');
            process.exit(1);
          },
        );
    };
    if (server.reloadRegistry) process.on('SIGHUP', () => server.reloadRegistry!());
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  };
  main().catch((error: unknown) => {
    if (error instanceof ConfigError && !logger) {
      // The configuration could not be read, so neither the mode nor the log format is known:
      // one plain line for the person who started the service, as the command-line tools print.
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    const log = logger ?? createLogger({ service: 'starting', production: true, logLevel: 'info' });
    if (error instanceof ConfigError) log.fatal(`Configuration error: ${error.message}`);
    else log.fatal({ err: error }, 'the service did not start');
    process.exit(1);
  });
}
