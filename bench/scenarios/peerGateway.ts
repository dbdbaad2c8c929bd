import { serviceDatabaseUrl, startService } from '../../scripts/stack';
import { startHiveGateway } from '../../scripts/hiveGateway';
import { onCleanup } from '../lib/cleanup';
import { addBenchArenden } from '../lib/data';
import type { BenchDatabase } from '../lib/database';
import { load, type LoadResult } from '../lib/load';
import { contractBody, contractTextBody } from '../lib/trustedDocuments';
import { checkedQuery } from '../lib/net';
import { cpuMsOf } from '../lib/processCpu';
import { interleaved } from '../lib/interleave';
import { prepareBenchKeys, realRegistry, serviceEnv, startGateway, startRealStack } from '../lib/services';
import type { BenchSettings } from './settings';

/**
 * The two load shapes of a shared dashboard and of a search, as contract operations: ours gets
 * their hashes (trusted documents enforced, as the dashboard sends them), a peer without the
 * manifest the same documents as text.
 */
export const peerLoads = {
  /** `KommunOversikt`, every request identical: many screens showing one dashboard. */
  identical: {
    label: 'KommunOversikt, every request identical',
    body: () => contractBody('KommunOversikt'),
    text: () => contractTextBody('KommunOversikt'),
  },
  /** `SokArenden` over every kommun, a different `text` on every request: no two alike. */
  varied: {
    label: 'SokArenden, a different text on every request',
    body: (n: number) => contractBody('SokArenden', { text: String(n) }),
    text: (n: number) => contractTextBody('SokArenden', { text: String(n) }),
  },
} as const;

export type PeerLoad = keyof typeof peerLoads;

export interface PeerFigures extends LoadResult {
  /** CPU of the three kommun processes per answered client request, in ms. */
  kommunCpuMsPerRequest: number;
  /** CPU of the gateway side (ours: the gateway; the peer: Hive Gateway and the standalone router) per request, in ms. */
  gatewayCpuMsPerRequest: number;
}

/**
 * The peers beside ours: Hive Gateway with its response cache and its JavaScript query planner,
 * the same with the Rust one where it runs, and Hive Gateway without a response cache.
 */
export const peers = {
  hive: { label: 'Hive Gateway', rustQueryPlanner: false, responseCache: true },
  hiveRust: { label: 'Hive Gateway, Rust query planner', rustQueryPlanner: true, responseCache: true },
  hiveNoCache: { label: 'Hive Gateway', rustQueryPlanner: false, responseCache: false },
} as const;
export type Peer = keyof typeof peers;

/** Ours as deployed (whole answers kept), and ours without the answer cache (KOMMUN_CACHE=false). */
export type Ours = 'ours' | 'oursNoCache';

/** Who is measured against whom: caching set alike in each pair. */
export const comparisons: readonly { ours: Ours; peer: Peer; caching: string }[] = [
  { ours: 'ours', peer: 'hive', caching: 'both keep answers' },
  { ours: 'ours', peer: 'hiveRust', caching: 'both keep answers' },
  { ours: 'oursNoCache', peer: 'hiveNoCache', caching: 'neither keeps answers' },
];

export interface PeerGatewayResults {
  loads: Record<PeerLoad, Record<Ours, PeerFigures> & Partial<Record<Peer, PeerFigures>>>;
  /** Peers that could not be started here, with the reason. */
  unavailable: Partial<Record<Peer, string>>;
}

/**
 * Our gateway beside real peers, in one run over the same kommun processes: Hive Gateway over
 * schema/supergraph.graphql with the standalone kommun router (`npm run start:kommun-router`)
 * as the subgraph `kommun`, with its JavaScript query planner and with the Rust one
 * (@graphql-hive/router-runtime), and without its response cache. Caching alike in each pair
 * (`comparisons`): ours as deployed (whole answers kept) beside Hive Gateway with its response
 * cache, ours without the answer cache beside Hive Gateway without one. For each load shape the gateways are measured
 * interleaved (ours, each peer, ours, … for `settings.rounds` rounds, the median of each):
 * throughput, latency, and the CPU the kommun processes and the gateway side spent per client
 * request (/proc/<pid>/stat before and after).
 */
export async function runPeerGateway(
  db: BenchDatabase,
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<PeerGatewayResults> {
  log('peer gateway: our gateway, and Hive Gateway over the standalone kommun router, over 3 kommun processes');
  const stack = await startRealStack(db);
  for (const k of realRegistry) {
    await addBenchArenden(serviceDatabaseUrl({ serverUrl: db.serverUrl, databasePrefix: db.prefix }, `kommun_${k.kommunkod}`));
  }
  const router = await startService({
    name: 'kommun router',
    script: 'gateway/src/kommunRouterHosts/standalone/main.ts',
    env: serviceEnv({
      PORT: '0',
      KOMMUN_REGISTRY_FILE: stack.registryFile,
      SAMVERKAN_URL: stack.samverkan.url,
      // Hive Gateway calls it without a user token.
      KOMMUN_ROUTER_ANONYMOUS: 'true',
    }),
  });
  onCleanup('kommun router', () => router.stop());

  const kommunPids = [...stack.kommuner.values()].map((k) => k.child.pid!);
  // Ours without the answer cache: a second gateway process over the same kommun processes.
  const registry = realRegistry.map((k) => ({ ...k, url: stack.kommuner.get(k.kommunkod)!.url }));
  const oursNoCache = await startGateway(registry, { KOMMUN_CACHE: 'false' }, stack.samverkan.url);
  const gateways: Partial<Record<Ours | Peer, { url: string; pids: number[] }>> = {
    ours: { url: stack.gateway.url, pids: [stack.gateway.child.pid!] },
    oursNoCache: { url: oursNoCache.url, pids: [oursNoCache.child.pid!] },
  };
  const unavailable: PeerGatewayResults['unavailable'] = {};
  const stops: (() => Promise<void>)[] = [];
  for (const [peer, { label, rustQueryPlanner, responseCache }] of Object.entries(peers) as [Peer, (typeof peers)[Peer]][]) {
    try {
      const hive = await startHiveGateway({
        kommunRouterUrl: router.url,
        samverkanUrl: stack.samverkan.url,
        keysDir: await prepareBenchKeys(),
        env: { NODE_ENV: 'production' },
        responseCache,
        rustQueryPlanner,
      });
      onCleanup(label, () => hive.stop());
      stops.push(() => hive.stop());
      // Every gateway must give the same answer, or the comparison means nothing.
      for (const shape of Object.values(peerLoads)) {
        const [ours, theirs] = await Promise.all([
          checkedQuery(oursNoCache.url, shape.body(0)),
          checkedQuery(hive.url, shape.text(0)),
        ]);
        if (JSON.stringify(ours) !== JSON.stringify(theirs))
          throw new Error(`${shape.label}: ${label} answers otherwise than ours`);
      }
      gateways[peer] = { url: hive.url, pids: [hive.pid, router.child.pid!] };
    } catch (error) {
      unavailable[peer] = (error as Error).message.split('\n').slice(0, 3).join(' ').slice(0, 300);
      log(`peer gateway: ${label} does not run here: ${unavailable[peer]}`);
    }
  }

  const measure =
    (name: Ours | Peer, url: string, pids: number[], load: PeerLoad, seconds: number) => async (): Promise<PeerFigures> => {
      const shape = peerLoads[load];
      const bodyOf = name === 'ours' || name === 'oursNoCache' ? shape.body : shape.text;
      const options = {
        url,
        body: bodyOf(0),
        bodyOf: load === 'varied' ? bodyOf : undefined,
        connections: settings.connections,
      };
      const before = { kommun: cpuMsOf(kommunPids), gateway: cpuMsOf(pids) };
      const result = await loadOnce({ ...options, seconds });
      return {
        ...result,
        kommunCpuMsPerRequest: (cpuMsOf(kommunPids) - before.kommun) / result.requests,
        gatewayCpuMsPerRequest: (cpuMsOf(pids) - before.gateway) / result.requests,
      };
    };
  const loads = {} as PeerGatewayResults['loads'];
  const present = Object.entries(gateways) as [Ours | Peer, { url: string; pids: number[] }][];
  for (const load of Object.keys(peerLoads) as PeerLoad[]) {
    log(`peer gateway: ${peerLoads[load].label}, ${present.map(([name]) => name).join(', ')} interleaved`);
    for (const [name, g] of present) await measure(name, g.url, g.pids, load, settings.warmupSeconds)();
    loads[load] = (await interleaved(
      settings.rounds,
      Object.fromEntries(present.map(([name, g]) => [name, measure(name, g.url, g.pids, load, settings.roundSeconds)])),
      log,
    )) as PeerGatewayResults['loads'][PeerLoad];
  }
  for (const stop of stops) await stop();
  await oursNoCache.stop();
  await router.stop();
  await stack.stop();
  return { loads, unavailable };
}

/** One measured load, without a warm-up of its own (the caller's comes before it, outside the CPU figures). */
const loadOnce = (options: Parameters<typeof load>[0]) => load({ ...options, warmupSeconds: 0 });
