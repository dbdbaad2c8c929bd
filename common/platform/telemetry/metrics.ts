import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

/**
 * Every metric of the graph, in prom-client's default registry: one list per process, served at
 * GET /metrics by the HTTP front (see `serveMetrics`). Names start with `kommungraf_`.
 */

/** Seconds; from a cached answer (a millisecond) to a kommun's default timeout (5 s) and past it. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const graphqlRequestDuration = new Histogram({
  name: 'kommungraf_graphql_request_duration_seconds',
  help: 'Time from a GraphQL request to its answer, by operation name',
  labelNames: ['operation'] as const,
  buckets: DURATION_BUCKETS,
});

export const kommunFetchDuration = new Histogram({
  name: 'kommungraf_kommun_fetch_duration_seconds',
  help: "Time of one request to a kommun's process over HTTP, by kommunkod and outcome code (OK, KOMMUN_UNAVAILABLE, KOMMUN_TIMEOUT, …)",
  labelNames: ['kommunkod', 'code'] as const,
  buckets: DURATION_BUCKETS,
});

export const samverkanFetchDuration = new Histogram({
  name: 'kommungraf_samverkan_fetch_duration_seconds',
  help: 'Time of one request to the samverkan subgraph over HTTP, by outcome code (OK, SAMVERKAN_UNAVAILABLE, SAMVERKAN_TIMEOUT, …)',
  labelNames: ['code'] as const,
  buckets: DURATION_BUCKETS,
});

export const kommunAnswerCacheLookups = new Counter({
  name: 'kommungraf_kommun_answer_cache_total',
  help: 'Reads of the kommun answer cache by kommunkod and result: hit (fresh), miss (asked the kommun), stale (the kommun failed and a last good answer stood in; also counted as a miss)',
  labelNames: ['kommunkod', 'result'] as const,
});

export const dataLoaderBatchSize = new Histogram({
  name: 'kommungraf_dataloader_batch_size',
  help: 'Keys per DataLoader batch (one SQL statement each), by loader',
  labelNames: ['loader'] as const,
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
});

/** The pools whose connections the gauge reports, by database name. */
const pools = new Map<string, { totalCount: number; idleCount: number; waitingCount: number }>();

new Gauge({
  name: 'kommungraf_db_pool_connections',
  help: 'Connections of the database pool by state: in_use (lent to a request), idle, waiting (requests waiting for one)',
  labelNames: ['database', 'state'] as const,
  collect() {
    this.reset();
    for (const [database, pool] of pools) {
      this.set({ database, state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ database, state: 'idle' }, pool.idleCount);
      this.set({ database, state: 'waiting' }, pool.waitingCount);
    }
  },
});

/** Reports a pg pool's connections from now on, until the returned function is called. */
export function observeDatabasePool(
  database: string,
  pool: { totalCount: number; idleCount: number; waitingCount: number },
): () => void {
  pools.set(database, pool);
  return () => {
    if (pools.get(database) === pool) pools.delete(database);
  };
}

collectDefaultMetrics({ prefix: 'kommungraf_' });

/** Operation names are the client's choice: past this many, new ones share one label value. */
const MAX_OPERATION_LABELS = 200;
const operationLabels = new Set<string>();

/** The label of an operation name: itself (at most 100 characters), `(anonymous)`, or `(other)` past the bound. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return '(anonymous)';
  const label = name.slice(0, 100);
  if (operationLabels.has(label)) return label;
  if (operationLabels.size >= MAX_OPERATION_LABELS) return '(other)';
  operationLabels.add(label);
  return label;
}

/** Who may read /metrics: with a token, its bearers; without one, anyone outside production and no one in it. */
export interface MetricsAccess {
  production: boolean;
  metricsToken?: string;
}

/** Answers GET /metrics in Prometheus's text format, when the caller may read it. */
export async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse, access: MetricsAccess): Promise<void> {
  const refuse = (status: number, message: string) => {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
    });
    res.end(`${message}\n`);
  };
  if (access.metricsToken) {
    if (!bearerMatches(req.headers.authorization, access.metricsToken)) {
      return refuse(401, 'GET /metrics needs the bearer token METRICS_TOKEN');
    }
  } else if (access.production) {
    return refuse(403, 'GET /metrics is closed in production until METRICS_TOKEN is set');
  }
  const text = await register.metrics();
  res.writeHead(200, { 'content-type': register.contentType });
  res.end(text);
}

/**
 * Whether a request may read what only operators should (the details of /ready): by the rule of
 * /metrics, the bearers of METRICS_TOKEN (the operations token); without one, anyone outside
 * production and no one in it.
 */
export function mayReadOperations(req: http.IncomingMessage, access: MetricsAccess): boolean {
  if (access.metricsToken) return bearerMatches(req.headers.authorization, access.metricsToken);
  return !access.production;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
