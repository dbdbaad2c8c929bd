import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ErrorCode } from '#platform/errors';
import { kommunFetchDuration } from '#platform/telemetry/metrics';
import { tracer, tracingEnabled } from '#platform/telemetry/tracing';
import type { KommunAnswer, KommunCall, KommunSender } from '../types';

/** How a kommun's answer ended: OK, KOMMUN_STALE (a last good answer stood in), or its error code. */
export function outcomeOf(answer: KommunAnswer): string {
  if (!answer.ok) return String(answer.error.extensions?.code ?? ErrorCode.KOMMUN_UNAVAILABLE);
  return answer.errors?.some((e) => e.extensions?.code === ErrorCode.KOMMUN_STALE) ? ErrorCode.KOMMUN_STALE : 'OK';
}

/** What the telemetry layer (`timedCalls`) records of each call that goes to a kommun over HTTP: its time by kommunkod and outcome. */
export function observeKommunCall(call: KommunCall, answer: KommunAnswer, seconds: number): void {
  kommunFetchDuration.observe({ kommunkod: call.kommun.kommunkod, code: outcomeOf(answer) }, seconds);
}

/**
 * One request's fetch from one kommun, through every layer (cache, in-flight deduplication,
 * HTTP), as a span `kommun <kod>` under the request's span, with the attributes `kommunkod` and
 * `kommun.outcome`, and the status ERROR when the kommun failed. Only called while tracing is on.
 */
export function sendInSpan(sender: KommunSender, call: KommunCall): Promise<KommunAnswer> {
  const { kommunkod, namn } = call.kommun;
  return tracer().startActiveSpan(
    `kommun ${kommunkod}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: { kommunkod, 'kommun.namn': namn, 'graphql.operation.type': call.request.operationType },
    },
    async (span) => {
      try {
        const answer = await sender.send(call);
        const outcome = outcomeOf(answer);
        span.setAttribute('kommun.outcome', outcome);
        if (outcome !== 'OK') {
          const message = answer.ok ? answer.errors!.find((e) => e.extensions?.code === outcome)!.message : answer.error.message;
          span.setStatus({ code: SpanStatusCode.ERROR, message });
        }
        return answer;
      } finally {
        span.end();
      }
    },
  );
}

/** Marks how the answer cache answered on the kommun's span, while tracing is on. */
export function noteCacheResult(result: 'hit' | 'miss' | 'stale'): void {
  if (tracingEnabled()) trace.getActiveSpan()?.setAttribute('kommun.cache', result);
}
