import { serviceDatabaseUrl } from '../../scripts/stack';
import { addBenchArenden } from '../lib/data';
import type { BenchDatabase } from '../lib/database';
import { interleaved } from '../lib/interleave';
import { graphqlBody, load, type LoadResult } from '../lib/load';
import { checkedQuery } from '../lib/net';
import { kommunAudience } from '#platform/auth/internalToken';
import { directHeaders, realRegistry, startGateway, startRealStack, withoutAdmission } from '../lib/services';
import { benchBody, benchDocument } from '../lib/trustedDocuments';
import type { BenchSettings } from './settings';

/**
 * One kommun, its organs and its 20 latest ärenden registered since a given day: the contract's
 * overview for a single kommun. The day varies from request to request (always long before the
 * first ärende), so that every request asks the kommun for the same work in different words.
 */
export const singleKommunQuery = benchDocument(`query EnKommun($kommunkod: ID!, $fran: Date!) {
  kommun(kommunkod: $kommunkod) {
    kommunkod namn lan
    organ { id kortnamn namn typ }
    arenden(first: 20, filter: { registreradFran: $fran }) {
      totalCount
      nodes { kommunkod diarienummer rubrik status registrerad }
      pageInfo { hasNextPage endCursor }
    }
  }
}`);

const DAY_MS = 86_400_000;
/** The n-th day from 1 January 1900 (no ärende is that old), cycling through a century. */
const dayOf = (n: number) => new Date(Date.UTC(1900, 0, 1) + (n % 36_500) * DAY_MS).toISOString().slice(0, 10);

export interface GatewayOverhead {
  kommunkod: string;
  direct: LoadResult;
  gateway: LoadResult;
  ratios: { p50: number; p99: number; rps: number };
  /** The same load through a second gateway with trusted documents and rate limits off (free text). */
  withoutAdmission: LoadResult;
}

/**
 * Forwarding overhead on the real graph (gateway, samverkan, 3 kommun processes over PostgreSQL,
 * 120 extra ärenden per kommun), the gateway as deployed (answer cache and in-flight merging on):
 * the single-kommun query with a different `fran` on every request, so that neither the answer
 * cache nor in-flight merging can answer any of it, straight to Timrå's process and through the
 * gateway to the same process, interleaved. Then the same query repeated identically through the
 * gateway, answered from its whole answers, for reference.
 */
export async function runRealGraph(db: BenchDatabase, settings: BenchSettings, log: (line: string) => void) {
  const kommunkod = '2262';
  log('real graph: starting gateway, samverkan and 3 kommun processes over PostgreSQL');
  const stack = await startRealStack(db);
  for (const k of realRegistry) {
    await addBenchArenden(serviceDatabaseUrl({ serverUrl: db.serverUrl, databasePrefix: db.prefix }, `kommun_${k.kommunkod}`));
  }
  const variables = (n: number) => ({ kommunkod, fran: dayOf(n) });
  // To the gateway by its hash (trusted documents enforced); to the kommun, which has no manifest, as text.
  const bodyOf = (n: number) => benchBody(singleKommunQuery, variables(n), 'EnKommun');
  const textOf = (n: number) => graphqlBody(singleKommunQuery, variables(n), 'EnKommun');
  // The same gateway with trusted documents and rate limits off, over the same processes: their cost.
  const registry = realRegistry.map((k) => ({ ...k, url: stack.kommuner.get(k.kommunkod)!.url }));
  const open = await startGateway(registry, withoutAdmission, stack.samverkan.url);
  const directUrl = stack.kommuner.get(kommunkod)!.url;
  const direct2262 = await directHeaders(kommunAudience(kommunkod));
  const viaGateway = await checkedQuery(stack.gateway.url, bodyOf(0));
  const direct = await checkedQuery(directUrl, textOf(0), direct2262);
  const viaOpen = await checkedQuery(open.url, textOf(0));
  if (viaGateway.kommun.arenden.nodes.length !== 20) throw new Error('the single-kommun query did not return 20 ärenden');
  if (JSON.stringify(viaGateway) !== JSON.stringify(direct) || JSON.stringify(viaOpen) !== JSON.stringify(direct))
    throw new Error('gateway overhead: the gateway answers otherwise than the kommun itself');

  const varied =
    (url: string, of: (n: number) => string, headers?: Record<string, string>, seconds = settings.roundSeconds) =>
    () =>
      load({ url, body: of(0), bodyOf: of, headers, connections: settings.connections, seconds });
  log(`gateway overhead: direct and through the gateway, interleaved, ${settings.rounds} rounds`);
  await varied(directUrl, textOf, direct2262, settings.warmupSeconds)();
  await varied(stack.gateway.url, bodyOf, undefined, settings.warmupSeconds)();
  await varied(open.url, textOf, undefined, settings.warmupSeconds)();
  const {
    direct: directResult,
    gateway,
    withoutAdmission: openResult,
  } = await interleaved(
    settings.rounds,
    {
      direct: varied(directUrl, textOf, direct2262),
      gateway: varied(stack.gateway.url, bodyOf),
      withoutAdmission: varied(open.url, textOf),
    },
    log,
  );
  await open.stop();

  log('gateway as shipped: one identical query, answered from whole answers');
  const cachedGateway = await load({
    url: stack.gateway.url,
    body: bodyOf(0),
    connections: settings.connections,
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
  });
  await stack.stop();

  const overhead: GatewayOverhead = {
    kommunkod,
    direct: directResult,
    gateway,
    ratios: { p50: gateway.p50 / directResult.p50, p99: gateway.p99 / directResult.p99, rps: gateway.rps / directResult.rps },
    withoutAdmission: openResult,
  };
  return { overhead, cachedGateway };
}
