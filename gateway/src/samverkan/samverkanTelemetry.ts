import { ErrorCode } from '#platform/errors';
import { samverkanFetchDuration } from '#platform/telemetry/metrics';
import type { SamverkanAnswer, SamverkanCall } from './types';

/** How a samverkan call ended: OK, or its error's code (SAMVERKAN_UNAVAILABLE for an HTTP status without one). */
export function samverkanOutcomeOf(answer: SamverkanAnswer): string {
  return answer.ok ? 'OK' : String(answer.error.extensions.code ?? ErrorCode.SAMVERKAN_UNAVAILABLE);
}

/** What the telemetry layer (`timedCalls`) records of each call that goes to samverkan over HTTP: its time by outcome. */
export function observeSamverkanCall(_call: SamverkanCall, answer: SamverkanAnswer, seconds: number): void {
  samverkanFetchDuration.observe({ code: samverkanOutcomeOf(answer) }, seconds);
}
