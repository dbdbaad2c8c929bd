import { ConfigError } from './configError';

/** Runs a service's main, turning a ConfigError into one clear line and exit code 1. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
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
 * A service's main: starts it, prints its ready line (which `npm start` waits for), stops it
 * gracefully on SIGINT or SIGTERM, and reloads its registry on SIGHUP where it has one.
 *
 * Gracefully: the server stops taking connections at once, answers the requests in flight
 * (bounded by its HTTP front's drain), then closes its pools and exits 0. A second Ctrl-C, or a
 * stop that outlasts its bound, ends the process at once with exit code 1.
 */
export function runService<T extends StoppableServer>(start: () => Promise<T>, readyLine: (server: T) => string): void {
  runMain(async () => {
    const server = await start();
    console.log(readyLine(server));
    let stopping: NodeJS.Signals | undefined;
    const stop = (signal: NodeJS.Signals) => {
      // Ctrl-C reaches every process at once and `npm start` then sends SIGTERM too: only a
      // second Ctrl-C means "now".
      if (stopping) {
        if (stopping === 'SIGINT' && signal === 'SIGINT') process.exit(1);
        return;
      }
      stopping = signal;
      console.log(`${signal}: finishing the requests in flight, then stopping`);
      setTimeout(() => process.exit(1), STOP_BOUND_MS).unref();
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('stopping failed:', error);
          process.exit(1);
        },
      );
    };
    if (server.reloadRegistry) process.on('SIGHUP', () => server.reloadRegistry!());
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
