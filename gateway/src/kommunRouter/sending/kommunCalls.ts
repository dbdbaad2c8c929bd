import type { KommunSchemaInfo } from '../plan/kommunSchema';
import { KommunAnswerCache, type AnswerCacheSettings } from './cache/KommunAnswerCache';
import { CachePolicies } from './cache/cacheControl';
import { timedCalls } from '../../subgraphCalls';
import { InflightDeduplication } from './InflightDeduplication';
import { KommunLatencies } from './KommunLatencies';
import { observeKommunCall } from './kommunTelemetry';
import type { KommunSender } from '../types';

/** Every call to a kommun, through its layers; what the router sends, probes and tells of writes. */
export interface KommunCalls {
  /** The outermost layer: a read or a write to one kommun goes in here. */
  sender: KommunSender;
  /** The last layer alone (HTTP with the deadline): readiness probes skip cache, merging and telemetry. */
  last: KommunSender;
  /** How long each kommun has lately taken over HTTP, from the telemetry layer: the router sends a read to the slowest first. */
  latencies: KommunLatencies;
  /** A write went to the kommun outside GraphQL (a document's file): its kept and merged answers are old. */
  wrote(kommunkod: string): Promise<void>;
  /** Closes the answer cache's store (the sender's HTTP belongs to the host). */
  close(): Promise<void>;
}

export interface KommunCallOptions {
  /** The last layer: one kommun over HTTP (KommunClient: deadline and failure codes), or a test's stand-in. */
  last: KommunSender;
  /** The kommun schema: its cache hints decide what the cache keeps and what merging may share. */
  schema: KommunSchemaInfo;
  /** The answer cache; absent when it is off. */
  cache?: AnswerCacheSettings;
  /** KOMMUN_CACHE_SINGLE_REPLICA: this process sees every write to these kommuner. */
  singleReplica?: boolean;
}

/**
 * The layers of every call to a kommun, outermost first; each may answer without asking the next:
 * 1. the answer cache (cache/KommunAnswerCache.ts): reads its hints allow, kept per scope;
 * 2. in-flight merging (InflightDeduplication.ts, over the generic InflightMerging): identical
 *    reads under way share one call;
 * 3. telemetry (the generic `timedCalls`, observeKommunCall of kommunTelemetry.ts): each call
 *    that goes out, timed by kommun and outcome, and its time kept in `latencies`;
 * 4. `last`: HTTP with the kommun's deadline, every failure a coded answer (kommunClient.ts over
 *    SubgraphHttp and `failureOf`, which samverkan's last layer uses too).
 * The generic layers come from ../../subgraphCalls, as samverkan's do (gateway/src/subgraphChains.ts).
 * Traces wrap the whole chain per call (KommunRouter, `sendInSpan`).
 */
export function kommunCalls({ last, schema, cache, singleReplica = false }: KommunCallOptions): KommunCalls {
  const policies = new CachePolicies(schema.schema);
  const latencies = new KommunLatencies();
  const timed = timedCalls(last, (call, answer, seconds) => {
    observeKommunCall(call, answer, seconds);
    latencies.observe(call.kommun.kommunkod, seconds);
  });
  const deduplicated = new InflightDeduplication(timed, { policies, singleReplica });
  const cached = cache && new KommunAnswerCache(deduplicated, policies, cache);
  return {
    sender: cached ?? deduplicated,
    last,
    latencies,
    async wrote(kommunkod) {
      deduplicated.wrote(kommunkod);
      await cached?.invalidate(kommunkod);
    },
    close: async () => cached?.close(),
  };
}
