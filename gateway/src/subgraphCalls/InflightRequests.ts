/**
 * Requests under way, by what they ask: a request identical to one in flight joins it instead
 * of being sent, and gets the same answer or the same failure. The entry goes as soon as the
 * answer is there, so this never answers from the past; it only merges what overlaps in time.
 * Callers build the key from everything the answer depends on (target, body, access scope).
 */
export class InflightRequests<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  /**
   * The answer to the request `key`: `start`'s, or that of the identical request in flight.
   * A joiner gets `copy` of the answer, so that one caller's changes to it (the gateway merges
   * later fetches into the objects it received) never show in another's.
   */
  run(key: string, start: () => Promise<T>, copy: (answer: T) => T): Promise<T> {
    const leading = this.inflight.get(key);
    // Registered before the answer arrives, the copy is made before the leader can touch it.
    if (leading) return leading.then(copy);
    const answer = start().finally(() => this.inflight.delete(key));
    this.inflight.set(key, answer);
    return answer;
  }

  /** How many distinct requests are in flight. */
  get size(): number {
    return this.inflight.size;
  }
}

/** A copy of a JSON answer that shares no object with it. */
export const copyOfJson = <T>(answer: T): T => JSON.parse(JSON.stringify(answer)) as T;
