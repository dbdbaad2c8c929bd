import { InflightRequests, copyOfJson } from './InflightRequests';
import type { Sender } from './Sender';

/**
 * The in-flight merging layer: of identical calls under way at the same time (the same `keyOf`)
 * only the first goes on to the next layer; the others get a copy of its answer (or its
 * failure). `keyOf` says what makes two calls identical for this subgraph (target, body, access
 * scope), and undefined for a call that is never merged (a write).
 */
export class InflightMerging<Call, Answer> implements Sender<Call, Answer> {
  private readonly inflight = new InflightRequests<Answer>();

  constructor(
    private readonly next: Sender<Call, Answer>,
    private readonly keyOf: (call: Call) => string | undefined,
    private readonly copy: (answer: Answer) => Answer = copyOfJson,
  ) {}

  send(call: Call): Promise<Answer> {
    const key = this.keyOf(call);
    return key === undefined ? this.next.send(call) : this.inflight.run(key, () => this.next.send(call), this.copy);
  }

  /** How many distinct calls are in flight. */
  get size(): number {
    return this.inflight.size;
  }
}
