import type { Sender } from './Sender';

/**
 * The telemetry layer: each call that goes on to the next layer is timed, and `observe` records
 * it with its answer (each subgraph in its own metric, by its own outcome labels).
 */
export function timedCalls<Call, Answer>(
  next: Sender<Call, Answer>,
  observe: (call: Call, answer: Answer, seconds: number) => void,
): Sender<Call, Answer> {
  return {
    async send(call) {
      const started = performance.now();
      const answer = await next.send(call);
      observe(call, answer, (performance.now() - started) / 1000);
      return answer;
    },
  };
}
