import { execFileSync } from 'node:child_process';
import net from 'node:net';

/** Asks the Redis at argv[2] for PING with ioredis (argv[1]); exits 0 on PONG. */
const probe = `
const { Redis } = require(process.argv[1]);
const redis = new Redis(process.argv[2], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
redis.on('error', () => undefined);
redis.connect().then(() => redis.ping()).then((pong) => process.exit(pong === 'PONG' ? 0 : 1), () => process.exit(1));
`;

/** The URL without its user and password, for messages. */
const shown = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(REDIS_TEST_URL is not a URL)';
  }
};

/**
 * The Redis of the tests that need one: REDIS_TEST_URL, else the machine's at 127.0.0.1:6379.
 * Undefined when none answers there, so that the caller's tests are reported as skipped; under
 * CI=true that throws instead, as a missing PostgreSQL fails `.ci/run`: a run that skipped them
 * would pass untested. Synchronous (a child process asks), because jest collects tests so.
 */
export function redisTestUrl(): string | undefined {
  const url = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
  try {
    execFileSync(process.execPath, ['-e', probe, require.resolve('ioredis'), url], { stdio: 'ignore', timeout: 10_000 });
    return url;
  } catch {
    if (process.env.CI === 'true') {
      throw new Error(`No Redis answers at ${shown(url)} (REDIS_TEST_URL), and under CI=true the tests that need one must run`);
    }
    return undefined;
  }
}

/**
 * A describe block that needs Redis: run against it when one answers, reported as skipped (with
 * the reason in its name) when none does, and a failure under CI=true (see redisTestUrl).
 */
export function describeWithRedis(name: string, body: (redisUrl: string) => void): void {
  const url = redisTestUrl();
  if (url) describe(name, () => body(url));
  // The body still runs, to name the tests that are skipped; none of them runs.
  else describe.skip(`${name} (skipped: no Redis answers at REDIS_TEST_URL)`, () => body(''));
}

/**
 * A TCP path to the Redis at `url` that the test can cut, as a network partition cuts one
 * replica off: connections through it are closed and new ones refused.
 */
export async function cuttableRedis(url: string): Promise<{ url: string; cut(): Promise<void> }> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 6379) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const through = new URL(url);
  through.hostname = '127.0.0.1';
  through.port = String((server.address() as net.AddressInfo).port);
  return {
    url: through.toString(),
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
