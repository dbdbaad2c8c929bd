import fs from 'node:fs';
import { ErrorCode } from '#platform/errors';
import type { KommunRegistry } from '#platform/registry';
import type { ServiceProcess } from '../../scripts/stack';
import { load, type LoadResult } from '../lib/load';
import { bareClientCpu, type BareClientCpu } from '../lib/bareClient';
import { benchBody, benchDocument, contractBody, contractTextBody } from '../lib/trustedDocuments';
import { checkedQuery } from '../lib/net';
import { startGateway, startMemoryKommuner } from '../lib/services';
import type { BenchSettings } from './settings';

/** The contract's dashboard query, as a page of the national dashboard sends it: by its hash. */
export const dashboardBody = contractBody('KommunOversikt');
/**
 * A dashboard without ärenden: what may be answered stale. Every field of it is public; ärenden
 * are not (`arenden` is `scope: PRIVATE`, as an ärende's content can be under sekretess), and an
 * answer with them is never kept to stand in for a kommun that is down.
 */
export const publicDashboardQuery = benchDocument(
  '{ kommuner { kommunkod namn lan organ { kortnamn namn } uppdrag { id status deadline forsenad } } }',
);

const KOMMUNER = 290;
const DOWN = 10;
/** Network delays of the stand-ins, drawn once from this seed: every run measures the same kommuner. */
export const DELAY_SEED = 2262;
const MIN_DELAY_MS = 5;
const MAX_DELAY_MS = 40;

/** mulberry32: a small seeded generator, so the delays are the same in every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const list = (count: number, first: number, delays?: () => number) =>
  Array.from({ length: count }, (_, i) => ({
    kommunkod: String(first + i),
    namn: `Minneskommun ${first + i}`,
    lan: 'Bänklän',
    ...(delays ? { delayMs: Math.round(MIN_DELAY_MS + delays() * (MAX_DELAY_MS - MIN_DELAY_MS)) } : {}),
  }));

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface DashboardResults {
  realistic: { maxDelayMs: number; result: LoadResult; limitMs: number };
  cpu: { microsecondsPerExchange: number; exchanges: number; cpuSeconds: number };
  /** The bare HTTP client's CPU per exchange with the same stand-ins, in the same run: the floor. */
  bareClient: BareClientCpu;
  warm: { one: LoadResult; warm: LoadResult; ratio: number };
  throughput: { cached: LoadResult; uncached: LoadResult; ratio: number };
  stale: { warm: LoadResult; stale: LoadResult; ratio: number; staleErrors: number };
}

/**
 * The national dashboard over 290 kommuner (issue 11), on lightweight in-memory stand-ins
 * (bench/memoryKommuner.ts) that each answer after their own network delay (5–40 ms, fixed seed):
 * - realistic fan-out: KommunOversikt over all 290 without the answer cache, and the router's CPU
 *   per kommun exchange in that run;
 * - warm cache: the same with the cache warm, against one kommun without it; page views per
 *   second with and without the cache (10 connections);
 * - stale: 10 of the 290 down (their process stopped) after a good answer; the others answer as
 *   usual. Answers are kept fresh for at most 1 s here (KOMMUN_CACHE_MAX_AGE), so that the down
 *   kommuner's answers are past their time and stand in as stale ones, as they would after a
 *   longer outage.
 */
export async function runDashboard(settings: BenchSettings, log: (line: string) => void): Promise<DashboardResults> {
  const delays = seeded(DELAY_SEED);
  log(`dashboard: starting ${KOMMUNER} in-memory kommuner with delays ${MIN_DELAY_MS}–${MAX_DELAY_MS} ms`);
  const delayed = await startMemoryKommuner(list(KOMMUNER, 1000, delays));
  const instant = await startMemoryKommuner(list(KOMMUNER, 3000));
  const doomed = await startMemoryKommuner(list(DOWN, 5000));
  const registry: KommunRegistry = delayed.kommuner;
  const maxDelayMs = Math.max(...delayed.kommuner.map((k) => k.delayMs ?? 0));
  const latency = (url: string, body = dashboardBody, expectedErrorCodes?: string[]) =>
    load({
      url,
      body,
      expectedErrorCodes,
      connections: settings.fanOutConnections,
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
    });
  const pageViews = (url: string) =>
    load({
      url,
      body: dashboardBody,
      connections: settings.connections,
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
    });
  const withGateway = async <T>(kommuner: KommunRegistry, env: NodeJS.ProcessEnv, run: (g: ServiceProcess) => Promise<T>) => {
    const gateway = await startGateway(kommuner, env);
    try {
      const data = await checkedQuery(gateway.url, dashboardBody);
      if (data.kommuner.length !== kommuner.length)
        throw new Error(`dashboard over ${kommuner.length} answered ${data.kommuner.length}`);
      return await run(gateway);
    } finally {
      await gateway.stop();
    }
  };
  const noCache = { KOMMUN_CACHE: 'false' };

  log('dashboard: realistic fan-out, 290 kommuner without cache, and router CPU per exchange');
  const { result: realistic, cpu } = await withGateway(registry, noCache, async (gateway) => {
    const before = cpuSeconds(gateway.child.pid!);
    const result = await latency(gateway.url);
    const used = cpuSeconds(gateway.child.pid!) - before;
    // The warm-up's requests count too: CPU is read over both.
    const requests = result.requests * (1 + settings.warmupSeconds / settings.seconds);
    const exchanges = requests * KOMMUNER;
    return {
      result,
      cpu: { microsecondsPerExchange: (used / exchanges) * 1e6, exchanges: Math.round(exchanges), cpuSeconds: used },
    };
  });

  // Stand-ins without delay here: the one-kommun figure is then the router's own latency.
  log('dashboard: the bare HTTP client (undici + JSON.parse) over the same 290 stand-ins, CPU per exchange');
  const bareClient = await bareClientCpu(
    registry.map((k) => k.url),
    contractTextBody('KommunOversikt'),
    settings.seconds,
  );
  log(
    `dashboard: gateway ${cpu.microsecondsPerExchange.toFixed(1)} µs, bare client ${bareClient.microsecondsPerExchange.toFixed(1)} µs CPU per exchange`,
  );

  log('dashboard: one kommun without cache; 290 with the cache warm (stand-ins without delay)');
  const one = await withGateway(instant.kommuner.slice(0, 1), noCache, (g) => latency(g.url));
  const warm = await withGateway(instant.kommuner, {}, (g) => latency(g.url));

  log('dashboard: page views per second (10 connections) with and without the cache');
  const cached = await withGateway(registry, {}, (g) => pageViews(g.url));
  const uncached = await withGateway(registry, noCache, (g) => pageViews(g.url));

  log(`dashboard: ${DOWN} of ${KOMMUNER} kommuner down after a good answer`);
  const staleRegistry = [...instant.kommuner.slice(0, KOMMUNER - DOWN), ...doomed.kommuner];
  const publicBody = benchBody(publicDashboardQuery);
  const staleResults = await withGateway(staleRegistry, { KOMMUN_CACHE_MAX_AGE: '1' }, async (gateway) => {
    await checkedQuery(gateway.url, publicBody);
    const warmPublic = await latency(gateway.url, publicBody);
    await doomed.stop();
    await new Promise((r) => setTimeout(r, 1100));
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: publicBody,
    });
    const answer = (await response.json()) as { data?: { kommuner?: unknown[] }; errors?: { extensions?: { code?: string } }[] };
    const staleErrors = (answer.errors ?? []).filter((e) => e.extensions?.code === ErrorCode.KOMMUN_STALE).length;
    if (answer.data?.kommuner?.length !== KOMMUNER || staleErrors !== DOWN || answer.errors!.length !== DOWN) {
      throw new Error(
        `stale: expected ${KOMMUNER} kommuner and ${DOWN} KOMMUN_STALE, got ${JSON.stringify(answer).slice(0, 400)}`,
      );
    }
    const stale = await latency(gateway.url, publicBody, [ErrorCode.KOMMUN_STALE]);
    return { warm: warmPublic, stale, ratio: stale.p50 / warmPublic.p50, staleErrors };
  });
  await Promise.all([delayed.stop(), instant.stop()]);

  return {
    realistic: { maxDelayMs, result: realistic, limitMs: maxDelayMs + 15 },
    cpu,
    bareClient,
    warm: { one, warm, ratio: warm.p50 / one.p50 },
    throughput: { cached, uncached, ratio: cached.rps / uncached.rps },
    stale: staleResults,
  };
}
