import { InflightMerging } from '../../subgraphCalls';
import type { CachePolicies } from './cache/cacheControl';
import type { KommunAnswer, KommunCall, KommunSender } from '../types';

/** What the deduplication must know to keep content a restriction hides out of a merged read. */
export interface DeduplicationRules {
  /** The kommun schema's cache hints: which reads can hold such content (`scope: PRIVATE`). */
  policies: CachePolicies;
  /** No other replica writes to these kommuner (KOMMUN_CACHE_SINGLE_REPLICA): this process sees every write. */
  singleReplica: boolean;
}

/**
 * The router's in-flight merging (InflightMerging of ../../subgraphCalls, with the kommun's key):
 * of identical reads under way at the same time (same
 * kommun, same body, i.e. operation and variables, same access scope) only the first reaches
 * the kommun; the others get its answer, errors and coded failures included, and each caller's
 * router puts it at its own paths. Ten viewers of one dashboard cost a kommun one request.
 * Writes always go through, and a read never joins one that began before a write to the same
 * kommun went out from this process, nor (under the answer cache) one of another generation of
 * the kommun. A read that can hold content a restriction hides joins another only where every
 * write is seen: under a generation the answer cache read from Redis, or on the only replica.
 * Elsewhere a write through another replica could have restricted what the earlier read carries.
 */
export class InflightDeduplication implements KommunSender {
  private readonly merging: InflightMerging<KommunCall, KommunAnswer>;
  /** Writes sent from this process, per kommun. */
  private readonly writes = new Map<string, number>();

  constructor(
    next: KommunSender,
    private readonly rules?: DeduplicationRules,
  ) {
    this.merging = new InflightMerging(next, (call) => this.keyOf(call));
  }

  send(call: KommunCall): Promise<KommunAnswer> {
    if (call.request.operationType === 'mutation') this.wrote(call.kommun.kommunkod);
    return this.merging.send(call);
  }

  /** What makes two calls to a kommun identical; undefined for one that is never merged. */
  private keyOf({ kommun, request, scope, generation }: KommunCall): string | undefined {
    if (request.operationType === 'mutation') return undefined;
    const rules = this.rules;
    const everyWriteSeen = generation !== undefined || !rules || rules.singleReplica;
    if (!everyWriteSeen && !rules.policies.of(request.query).public) return undefined;
    const writes = this.writes.get(kommun.kommunkod) ?? 0;
    return `${kommun.kommunkod}\u0000${kommun.url}\u0000${generation ?? ''}:${writes}\u0000${scope}\u0000${request.body}`;
  }

  /** A write went to the kommun (through GraphQL or not): later reads do not join earlier ones. */
  wrote(kommunkod: string): void {
    this.writes.set(kommunkod, (this.writes.get(kommunkod) ?? 0) + 1);
  }

  /** How many distinct requests to kommuner are in flight. */
  get size(): number {
    return this.merging.size;
  }
}
