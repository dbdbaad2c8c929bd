import type { Logger } from '#platform/telemetry/logger';
import type { AnswerCacheConfig, GatewayConfig } from './config';
import {
  KommunClient,
  MemoryAnswerStore,
  RedisAnswerStore,
  kommunCalls,
  loadKommunSchemaInfo,
  type AnswerCacheSettings,
  type KommunAnswerStore,
  type KommunCalls,
  type KommunSchemaInfo,
} from './kommunRouter';
import { SamverkanClient } from './samverkan/SamverkanClient';
import { copyOfSamverkanAnswer, samverkanMergeKey } from './samverkan/samverkanMerging';
import { observeSamverkanCall } from './samverkan/samverkanTelemetry';
import type { SamverkanSender } from './samverkan/types';
import { InflightMerging, timedCalls, type SubgraphHttp } from './subgraphCalls';
import { samverkanProbeTimeoutMs } from './readiness';

/** Every call the gateway makes to its subgraphs, as chains of layers (gateway/src/subgraphCalls/). */
export interface SubgraphChains {
  /** The calls to kommuner, through the kommun router (it plans by `kommunSchema`). */
  kommun: { calls: KommunCalls; schema: KommunSchemaInfo; answerStore?: KommunAnswerStore };
  /** The calls to samverkan, through its data source (SamverkanDataSource). */
  samverkan: SamverkanSender;
  /** The last layer of samverkan's chain alone, with the probe's deadline: /ready's probe skips merging and telemetry, as a kommun's does. */
  samverkanProbe: SamverkanSender;
}

/**
 * The one place the chains of subgraph calls are assembled, for the gateway (./server.ts) and
 * the standalone kommun router (./kommunRouterHosts/standalone/server.ts). Each layer may answer
 * without asking the next; the last sends over `http` (the host's, which the host closes) with
 * the subgraph's deadline and classifies a call that got no answer (`failureOf`) under the
 * subgraph's own codes. Outermost first:
 *
 * kommun (kommunCalls of ./kommunRouter/sending/kommunCalls.ts):
 *   1. the answer cache (where it is on): reads its hints allow, kept per access scope;
 *   2. in-flight merging: identical reads of one access scope under way share one call;
 *   3. telemetry: kommungraf_kommun_fetch_duration_seconds by kommunkod and outcome;
 *   4. KommunClient: HTTP with the kommun's deadline, KOMMUN_UNAVAILABLE / _TIMEOUT / _OUTCOME_UNKNOWN.
 * samverkan (no answer cache: no whole answer that reads it is kept):
 *   1. in-flight merging: identical reads of one access scope under way share one call;
 *   2. telemetry: kommungraf_samverkan_fetch_duration_seconds by outcome;
 *   3. SamverkanClient: HTTP with SAMVERKAN_TIMEOUT, SAMVERKAN_UNAVAILABLE / _TIMEOUT / _OUTCOME_UNKNOWN.
 */
export async function subgraphChains(config: GatewayConfig, log: Logger, http: SubgraphHttp): Promise<SubgraphChains> {
  const schema = loadKommunSchemaInfo();
  const answerCache = await answerCacheOf(config.answerCache, log);
  const kommun = kommunCalls({
    cache: answerCache,
    singleReplica: config.answerCache.singleReplica,
    schema,
    last: new KommunClient(http),
  });
  const samverkan = new InflightMerging(
    timedCalls(new SamverkanClient(http, config.samverkanUrl, config.samverkanTimeoutMs), observeSamverkanCall),
    samverkanMergeKey,
    copyOfSamverkanAnswer,
  );
  const samverkanProbe = new SamverkanClient(http, config.samverkanUrl, samverkanProbeTimeoutMs(config.samverkanTimeoutMs));
  return { kommun: { calls: kommun, schema, answerStore: answerCache?.store }, samverkan, samverkanProbe };
}

/** The cache in front of the kommuner: in Redis with REDIS_URL, else in memory; none when turned off. */
async function answerCacheOf(config: AnswerCacheConfig, log: Logger): Promise<AnswerCacheSettings | undefined> {
  if (!config.enabled) return undefined;
  let store: KommunAnswerStore = new MemoryAnswerStore({
    maxBytes: config.maxBytes,
    maxWholeBytes: config.maxWholeBytes,
    singleReplica: config.singleReplica,
  });
  if (config.redisUrl) {
    const redis = new RedisAnswerStore(config.redisUrl);
    // A Redis that is down does not stop the service: the cache misses until it answers.
    await redis
      .connect()
      .catch((error: Error) => log.warn(`answer cache: Redis at REDIS_URL does not answer yet (${error.message})`));
    store = redis;
  }
  return { store, staleMaxAgeSeconds: config.staleMaxAgeSeconds, maxAgeCapSeconds: config.maxAgeCapSeconds };
}
