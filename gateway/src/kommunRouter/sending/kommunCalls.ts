import type { KommunSchemaInfo } from '../plan/kommunSchema';
import { KommunAnswerCache, type AnswerCacheSettings } from './cache/KommunAnswerCache';
import { CachePolicies } from './cache/cacheControl';
import { InflightDeduplication } from './InflightDeduplication';
import { measuredSender } from './kommunTelemetry';
import type { KommunSender, SendToKommun } from '../types';

/** Every call to a kommun, through its layers; what the router sends, probes and tells of writes. */
export interface KommunCalls {
  /** The outermost layer: a read or a write to one kommun goes in here. */
  sender: KommunSender;
  /** The last layer alone (HTTP with the deadline): readiness probes skip cache and merging. */
  send: SendToKommun;
  /** A write went to the kommun outside GraphQL (a document's file): its kept and merged answers are old. */
  wrote(kommunkod: string): Promise<void>;
  /** Closes the answer cache's store (the sender's HTTP belongs to the host). */
  close(): Promise<void>;
}

export interface KommunCallOptions {
  /** The last layer: one kommun over HTTP (KommunClient: deadline and failure codes), or a test's function. */
  send: SendToKommun;
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
 * 2. in-flight merging (InflightDeduplication.ts): identical reads under way share one call;
 * 3. telemetry (kommunTelemetry.ts): each call that goes out, timed by kommun and outcome;
 * 4. `send`: HTTP with the kommun's deadline, every failure a coded answer (kommunClient.ts,
 *    callFailure.ts, shared with the samverkan data source).
 * Traces wrap the whole chain per call (KommunRouter, `sendInSpan`).
 */
export function kommunCalls({ send, schema, cache, singleReplica = false }: KommunCallOptions): KommunCalls {
  const policies = new CachePolicies(schema.schema);
  const measured = measuredSender({ send: async (call) => send(call.kommun, call.request, await call.headers()) });
  const deduplicated = new InflightDeduplication(measured, { policies, singleReplica });
  const cached = cache && new KommunAnswerCache(deduplicated, policies, cache);
  return {
    sender: cached ?? deduplicated,
    send,
    async wrote(kommunkod) {
      deduplicated.wrote(kommunkod);
      await cached?.invalidate(kommunkod);
    },
    close: async () => cached?.close(),
  };
}
