/**
 * One layer of a chain of subgraph calls: it takes a call and answers it, by itself or by asking
 * the next layer it wraps. Every layer of a chain has this shape, so that layers made for one
 * subgraph (the kommun answer cache) and layers made for all (in-flight merging, telemetry) stack.
 */
export interface Sender<Call, Answer> {
  send(call: Call): Promise<Answer>;
}
