import { ErrorCode } from '#platform/errors';
import type { KommunRegistry } from '#platform/registry';
import { load, type LoadResult } from '../lib/load';
import { benchBody, benchDocument } from '../lib/trustedDocuments';
import { checkedQuery } from '../lib/net';
import { startGateway, startMemoryKommuner } from '../lib/services';
import { interleaved } from '../lib/interleave';
import type { ServiceProcess } from '../../scripts/stack';
import type { BenchSettings } from './settings';

export const fanOutQuery = benchDocument('{ kommuner { kommunkod namn } }');
export const fanOutSizes = [1, 3, 10, 50, 290];

export interface FanOutPoint extends LoadResult {
  n: number;
  /** p50(N) / p50(1). */
  ratio: number;
}

export interface SlowKommun {
  delayMs: number;
  result: LoadResult;
  /** p50 − the delay: what the two fast kommuner and the router add on top of the slow one. */
  aboveFloorMs: number;
  /** The budget: 1.2 × delay + p50 of the one-kommun fan-out. */
  limitMs: number;
}

export interface SilentKommun {
  timeoutMs: number;
  result: LoadResult;
  /** p50 − the timeout: how late after its timeout the router gives up on the kommun. */
  aboveTimeoutMs: number;
}

/** The timeout given to the kommun that never answers: short, so that the figure comes quickly. */
const SILENT_TIMEOUT_MS = 1000;

/** Made-up kommunkoder 1000…1289: in-memory instances only, no real kommun. */
export const memoryList = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ kommunkod: String(1000 + i), namn: `Minneskommun ${i + 1}`, lan: 'Bänklän' }));

/**
 * The kommun router in the gateway over N lightweight in-memory kommun instances
 * (bench/memoryKommuner.ts), one gateway process per N, the fan-out query `kommuner` to all.
 * Then three in-memory kommuner of which one answers 200 ms late, and three of which one never
 * answers within its timeout: how close to that timeout the others' answer comes (the e2e
 * resilience test only checks that it comes at all).
 */
export async function runFanOut(settings: BenchSettings, log: (line: string) => void) {
  const max = Math.max(...fanOutSizes);
  log(`fan-out: starting ${max} in-memory kommun instances in one process`);
  const memory = await startMemoryKommuner([
    ...memoryList(max),
    { kommunkod: '1999', namn: 'Långsamma kommunen', lan: 'Bänklän', delayMs: 200 },
    { kommunkod: '1998', namn: 'Tysta kommunen', lan: 'Bänklän', delayMs: 3_600_000 },
  ]);
  const instances = memory.kommuner.filter((k) => !k.delayMs);
  const body = benchBody(fanOutQuery);
  const allAnswer = async (url: string, registry: KommunRegistry) => {
    const data = await checkedQuery(url, body);
    if (data.kommuner.length !== registry.length)
      throw new Error(`fan-out over ${registry.length} answered ${data.kommuner.length} kommuner`);
  };
  const measure = async (registry: KommunRegistry, check = allAnswer, expectedErrorCodes?: string[]): Promise<LoadResult> => {
    // Without the answer cache: these figures are the router's fan-out itself.
    const gateway = await startGateway(registry, { KOMMUN_CACHE: 'false' });
    try {
      await check(gateway.url, registry);
      return await load({
        url: gateway.url,
        body,
        expectedErrorCodes,
        connections: settings.fanOutConnections,
        seconds: settings.seconds,
        warmupSeconds: settings.warmupSeconds,
      });
    } finally {
      await gateway.stop();
    }
  };
  // The sizes are compared with N = 1, so they are measured interleaved (a gateway for each,
  // all started first, then N = 1, 3, 10 … for `rounds` rounds, the median of each), so that a
  // machine that slows down mid-run hurts every size alike.
  log(`fan-out: N = ${fanOutSizes.join(', ')}, interleaved, ${settings.rounds} rounds`);
  const gateways = new Map<number, ServiceProcess>();
  let results: Record<string, LoadResult>;
  try {
    for (const n of fanOutSizes) {
      const registry = instances.slice(0, n);
      const gateway = await startGateway(registry, { KOMMUN_CACHE: 'false' });
      gateways.set(n, gateway);
      await allAnswer(gateway.url, registry);
      await load({ url: gateway.url, body, connections: settings.fanOutConnections, seconds: settings.warmupSeconds });
    }
    results = await interleaved(
      settings.rounds,
      Object.fromEntries(
        fanOutSizes.map((n) => [
          `N = ${n}`,
          () =>
            load({ url: gateways.get(n)!.url, body, connections: settings.fanOutConnections, seconds: settings.roundSeconds }),
        ]),
      ),
      log,
    );
  } finally {
    await Promise.all([...gateways.values()].map((g) => g.stop()));
  }
  const one = results[`N = 1`];
  const points: FanOutPoint[] = fanOutSizes.map((n) => ({ n, ...results[`N = ${n}`], ratio: results[`N = ${n}`].p50 / one.p50 }));

  log('one slow kommun: 3 in-memory kommuner, one of them 200 ms late');
  const slowEntry = memory.kommuner.find((k) => k.kommunkod === '1999')!;
  const result = await measure([instances[0], slowEntry, instances[1]]);

  log(`one silent kommun: 3 in-memory kommuner, one never answers (timeoutMs ${SILENT_TIMEOUT_MS})`);
  const silentEntry = { ...memory.kommuner.find((k) => k.kommunkod === '1998')!, timeoutMs: SILENT_TIMEOUT_MS };
  const silentResult = await measure(
    [instances[0], silentEntry, instances[1]],
    async (url) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as {
        data?: { kommuner?: unknown[] };
        errors?: { extensions?: { code?: string } }[];
      };
      const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
      if (answer.data?.kommuner?.length !== 2 || codes.join() !== ErrorCode.KOMMUN_TIMEOUT) {
        throw new Error(
          `one silent kommun: expected 2 kommuner and one KOMMUN_TIMEOUT, got ${JSON.stringify(answer).slice(0, 300)}`,
        );
      }
    },
    [ErrorCode.KOMMUN_TIMEOUT],
  );
  await memory.stop();
  const slow: SlowKommun = {
    delayMs: slowEntry.delayMs!,
    result,
    aboveFloorMs: result.p50 - slowEntry.delayMs!,
    limitMs: 1.2 * slowEntry.delayMs! + points[0].p50,
  };
  const silent: SilentKommun = {
    timeoutMs: SILENT_TIMEOUT_MS,
    result: silentResult,
    aboveTimeoutMs: silentResult.p50 - SILENT_TIMEOUT_MS,
  };
  return { points, slow, silent };
}
