import fs from 'node:fs';
import path from 'node:path';
import { serviceDatabaseUrl, startService } from '../../scripts/stack';
import { startHiveGateway } from '../../scripts/hiveGateway';
import { onCleanup } from '../lib/cleanup';
import { addBenchArenden } from '../lib/data';
import type { BenchDatabase } from '../lib/database';
import { graphqlBody, load, type LoadResult } from '../lib/load';
import { checkedQuery } from '../lib/net';
import { cpuMsOf } from '../lib/processCpu';
import { prepareBenchKeys, realRegistry, serviceEnv, startRealStack } from '../lib/services';
import type { BenchSettings } from './settings';

const oversikt = fs.readFileSync(path.resolve(__dirname, '../../contract/oversikt.graphql'), 'utf8');

/** The two load shapes of a shared dashboard and of a search. */
export const peerLoads = {
  /** `KommunOversikt`, every request identical: many screens showing one dashboard. */
  identical: { label: 'KommunOversikt, every request identical', body: () => graphqlBody(oversikt, {}, 'KommunOversikt') },
  /** `SokArenden` over every kommun, a different `text` on every request: no two alike. */
  varied: {
    label: 'SokArenden, a different text on every request',
    body: (n: number) => graphqlBody(oversikt, { text: String(n) }, 'SokArenden'),
  },
} as const;

export type PeerLoad = keyof typeof peerLoads;

export interface PeerFigures extends LoadResult {
  /** CPU of the three kommun processes per answered client request, in ms. */
  kommunCpuMsPerRequest: number;
  /** CPU of the gateway side (ours: the gateway; the peer: Hive Gateway and the standalone router) per request, in ms. */
  gatewayCpuMsPerRequest: number;
}

export type PeerGatewayResults = Record<PeerLoad, { ours: PeerFigures; hive: PeerFigures }>;

/**
 * Our gateway beside a real peer, in one run over the same kommun processes: Hive Gateway over
 * schema/supergraph.graphql with the standalone kommun router (`npm run start:kommun-router`)
 * as the subgraph `kommun`. For each load shape, each gateway in turn: throughput, latency, and
 * the CPU the kommun processes spent per client request (/proc/<pid>/stat before and after).
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
  const hive = await startHiveGateway({
    kommunRouterUrl: router.url,
    samverkanUrl: stack.samverkan.url,
    keysDir: await prepareBenchKeys(),
    env: { NODE_ENV: 'production' },
  });
  onCleanup('Hive Gateway', () => hive.stop());

  const kommunPids = [...stack.kommuner.values()].map((k) => k.child.pid!);
  const gateways = {
    ours: { url: stack.gateway.url, pids: [stack.gateway.child.pid!] },
    hive: { url: hive.url, pids: [hive.pid, router.child.pid!] },
  };
  // Both gateways must give the same answer, or the comparison means nothing.
  for (const shape of Object.values(peerLoads)) {
    const [ours, theirs] = await Promise.all([
      checkedQuery(gateways.ours.url, shape.body(0)),
      checkedQuery(gateways.hive.url, shape.body(0)),
    ]);
    if (JSON.stringify(ours) !== JSON.stringify(theirs))
      throw new Error(`${shape.label}: Hive Gateway answers otherwise than ours`);
  }

  const measure = async (url: string, pids: number[], load: PeerLoad): Promise<PeerFigures> => {
    const shape = peerLoads[load];
    const options = {
      url,
      body: shape.body(0),
      bodyOf: load === 'varied' ? shape.body : undefined,
      connections: settings.connections,
    };
    await loadOnce({ ...options, seconds: settings.warmupSeconds });
    const before = { kommun: cpuMsOf(kommunPids), gateway: cpuMsOf(pids) };
    const result = await loadOnce({ ...options, seconds: settings.seconds });
    return {
      ...result,
      kommunCpuMsPerRequest: (cpuMsOf(kommunPids) - before.kommun) / result.requests,
      gatewayCpuMsPerRequest: (cpuMsOf(pids) - before.gateway) / result.requests,
    };
  };
  const results = {} as PeerGatewayResults;
  for (const load of Object.keys(peerLoads) as PeerLoad[]) {
    log(`peer gateway: ${peerLoads[load].label}, through our gateway`);
    const ours = await measure(gateways.ours.url, gateways.ours.pids, load);
    log(`peer gateway: ${peerLoads[load].label}, through Hive Gateway`);
    const hiveFigures = await measure(gateways.hive.url, gateways.hive.pids, load);
    results[load] = { ours, hive: hiveFigures };
  }
  await hive.stop();
  await router.stop();
  await stack.stop();
  return results;
}

/** One measured load, without a warm-up of its own (the caller's comes before it, outside the CPU figures). */
const loadOnce = (options: Parameters<typeof load>[0]) => load({ ...options, warmupSeconds: 0 });
