import fs from 'node:fs';
import path from 'node:path';
import { serviceDatabaseUrl } from '../../scripts/stack';
import { addBenchArenden } from '../lib/data';
import type { BenchDatabase } from '../lib/database';
import { graphqlBody, load, type LoadResult } from '../lib/load';
import { checkedQuery } from '../lib/net';
import { kommunAudience } from '#platform/auth/internalToken';
import { directHeaders, realRegistry, startRealStack } from '../lib/services';
import type { BenchSettings } from './settings';

/** One kommun, its organs and its 20 latest ärenden: the contract's overview for a single kommun. */
export const singleKommunQuery = `query EnKommun($kommunkod: ID!) {
  kommun(kommunkod: $kommunkod) {
    kommunkod namn lan
    organ { id kortnamn namn typ }
    arenden(first: 20) {
      totalCount
      nodes { kommunkod diarienummer rubrik status registrerad }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const oversikt = fs.readFileSync(path.resolve(__dirname, '../../contract/oversikt.graphql'), 'utf8');
const oversiktBody = graphqlBody(oversikt, {}, 'KommunOversikt');

export interface GatewayOverhead {
  kommunkod: string;
  direct: LoadResult;
  gateway: LoadResult;
  ratios: { p50: number; p99: number; rps: number };
}

export interface TunedVsStock {
  tuned: LoadResult;
  stock: LoadResult;
  rpsRatio: number;
}

/** Every request reaches the kommuner: these figures measure forwarding, not the answer cache. */
const noCache = { KOMMUN_CACHE: 'false' };

/**
 * The real graph twice, both without the answer cache (KOMMUN_CACHE=false: every figure here
 * repeats one identical query, which the cache would answer without any kommun): tuned (the
 * gateway as `npm start` builds it) and stock (the same graph on @apollo/gateway's and Apollo
 * Server's defaults, bench/stockGateway.ts), each over the same databases with 120 extra
 * ärenden per kommun. The gateway as shipped, cache on, is measured once more for reference.
 */
export async function runRealGraph(db: BenchDatabase, settings: BenchSettings, log: (line: string) => void) {
  const kommunkod = '2262';
  log('real graph (tuned, no answer cache): starting gateway, samverkan and 3 kommun processes over PostgreSQL');
  const tunedStack = await startRealStack(db, undefined, noCache);
  for (const k of realRegistry) {
    await addBenchArenden(serviceDatabaseUrl({ serverUrl: db.serverUrl, databasePrefix: db.prefix }, `kommun_${k.kommunkod}`));
  }
  const singleBody = graphqlBody(singleKommunQuery, { kommunkod });
  const directUrl = tunedStack.kommuner.get(kommunkod)!.url;
  const one = await checkedQuery(tunedStack.gateway.url, singleBody);
  if (one.kommun.arenden.nodes.length !== 20) throw new Error('the single-kommun query did not return 20 ärenden');
  const direct2262 = await directHeaders(kommunAudience(kommunkod));
  await checkedQuery(directUrl, singleBody, direct2262);
  const all = await checkedQuery(tunedStack.gateway.url, oversiktBody);
  if (all.kommuner.length !== 3) throw new Error('KommunOversikt did not list 3 kommuner');

  const run = (url: string, body: string, headers?: Record<string, string>) =>
    load({
      url,
      body,
      headers,
      connections: settings.connections,
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
    });
  log('gateway overhead: direct to kommun 2262');
  const direct = await run(directUrl, singleBody, direct2262);
  log('gateway overhead: through the gateway');
  const gateway = await run(tunedStack.gateway.url, singleBody);
  log('tuned vs stock: KommunOversikt through the tuned gateway');
  const tuned = await run(tunedStack.gateway.url, oversiktBody);
  await tunedStack.stop();

  log('real graph (as shipped, answer cache on): the single-kommun query through the gateway');
  const cachedStack = await startRealStack(db);
  await checkedQuery(cachedStack.gateway.url, singleBody);
  const cachedGateway = await run(cachedStack.gateway.url, singleBody);
  await cachedStack.stop();

  log('real graph (stock, no answer cache): the gateway on @apollo/gateway defaults (bench/stockGateway.ts)');
  const stockStack = await startRealStack(db, 'bench/stockGateway.ts', noCache);
  await checkedQuery(stockStack.gateway.url, oversiktBody);
  log('tuned vs stock: KommunOversikt through the stock gateway');
  const stock = await run(stockStack.gateway.url, oversiktBody);
  await stockStack.stop();

  const overhead: GatewayOverhead = {
    kommunkod,
    direct,
    gateway,
    ratios: { p50: gateway.p50 / direct.p50, p99: gateway.p99 / direct.p99, rps: gateway.rps / direct.rps },
  };
  const tunedVsStock: TunedVsStock = { tuned, stock, rpsRatio: tuned.rps / stock.rps };
  return { overhead, cachedGateway, tunedVsStock };
}
