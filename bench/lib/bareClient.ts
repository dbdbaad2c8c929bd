import { Agent, request } from 'undici';

export interface BareClientCpu {
  /** CPU (user + system) of this process per exchange, in µs. */
  microsecondsPerExchange: number;
  exchanges: number;
  rounds: number;
}

/**
 * The floor a gateway's CPU per kommun exchange is held against (issue 23 item 4): the bare HTTP
 * client alone, with nothing of a gateway around it. Rounds of one request to every URL at once,
 * as a national view fans out, each with undici (keep-alive, a pool per origin, as the kommun
 * router's) and `JSON.parse` of each answer, for the given seconds; this process's CPU per
 * exchange (process.cpuUsage, the bench's load tool idle meanwhile). Fails on any answer that is
 * not HTTP 200 or carries `errors`, so the exchanges are whole ones.
 */
export async function bareClientCpu(urls: readonly string[], body: string, seconds: number): Promise<BareClientCpu> {
  const agent = new Agent({ connections: 4, keepAliveTimeout: 30_000, pipelining: 1 });
  const exchange = async (url: string) => {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      dispatcher: agent,
    });
    const answer = JSON.parse(await response.body.text()) as { errors?: unknown[] };
    if (response.statusCode !== 200 || answer.errors)
      throw new Error(`bare client: ${url} answered ${response.statusCode} with errors`);
  };
  try {
    // One round first, outside the figure: the connections are opened before it starts.
    await Promise.all(urls.map(exchange));
    const start = process.cpuUsage();
    const until = Date.now() + seconds * 1000;
    let rounds = 0;
    while (Date.now() < until) {
      await Promise.all(urls.map(exchange));
      rounds++;
    }
    const used = process.cpuUsage(start);
    const exchanges = rounds * urls.length;
    return { microsecondsPerExchange: (used.user + used.system) / exchanges, exchanges, rounds };
  } finally {
    await agent.close();
  }
}
