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

/**
 * A service's main: starts it, prints its ready line (which `npm start` waits for), stops it
 * gracefully on SIGINT or SIGTERM, and reloads its registry on SIGHUP where it has one.
 */
export function runService<T extends StoppableServer>(start: () => Promise<T>, readyLine: (server: T) => string): void {
  runMain(async () => {
    const server = await start();
    console.log(readyLine(server));
    const stop = () => {
      server.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    if (server.reloadRegistry) process.on('SIGHUP', () => server.reloadRegistry!());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
