import { InflightRequests, copyOfJson } from '../inflightRequests';
import type { CachePolicies } from './cache/cacheControl';
import type { KommunAnswer, KommunCall, KommunSender } from './types';

/**
 * The router's in-flight deduplication: of identical reads under way at the same time (same
 * kommun, same body, i.e. operation and variables, same access scope) only the first reaches
 * the kommun (and, under the answer cache, the same generation of the kommun: no write between
 * them); the others get its answer, errors and coded failures included, and each caller's
 * router puts it at its own paths. Ten viewers of one dashboard cost a kommun one request.
 * Writes always go through. A read that can hold content a restriction hides (`scope: PRIVATE`
 * in `policies`) joins another only under a generation the answer cache read: a read that began
 * before a write through another replica may still carry what that write restricted.
 */
export class InflightDeduplication implements KommunSender {
  private readonly inflight = new InflightRequests<KommunAnswer>();

  constructor(
    private readonly next: KommunSender,
    private readonly policies?: CachePolicies,
  ) {}

  send(call: KommunCall): Promise<KommunAnswer> {
    if (call.request.operationType === 'mutation') return this.next.send(call);
    const { kommun, request, scope, generation } = call;
    if (generation === undefined && this.policies && !this.policies.of(request.query).public) return this.next.send(call);
    const key = `${kommun.kommunkod}\u0000${kommun.url}\u0000${generation ?? ''}\u0000${scope}\u0000${request.body}`;
    return this.inflight.run(key, () => this.next.send(call), copyOfJson);
  }

  /** How many distinct requests to kommuner are in flight. */
  get size(): number {
    return this.inflight.size;
  }
}
