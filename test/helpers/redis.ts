import net from 'node:net';

/** The Redis the tests share: REDIS_TEST_URL, by default the machine's. */
export const redisTestUrl = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` within a second. */
export function redisAnswers(url = redisTestUrl): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => {
      socket.destroy();
      // An ACL that wants a password answers NOAUTH: it answers all the same.
      resolve(/^(\+PONG|-NOAUTH)/.test(chunk.toString()));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Whether the Redis tests can run. Under CI=true a Redis that does not answer fails the test;
 * elsewhere the test says it is skipped (and passes without having checked anything).
 */
export async function redisForTest(): Promise<boolean> {
  if (await redisAnswers()) return true;
  if (process.env.CI === 'true') throw new Error(`No Redis answers at ${redisTestUrl} (REDIS_TEST_URL); CI needs one`);
  console.warn(`No Redis answers at ${redisTestUrl} (REDIS_TEST_URL): skipped`);
  return false;
}

/**
 * A TCP path to Redis that the test can cut, as a network partition cuts one replica off:
 * connections through it are closed and new ones refused.
 */
export async function cuttableRedis(url = redisTestUrl): Promise<{ url: string; cut(): Promise<void> }> {
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
