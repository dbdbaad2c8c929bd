import { copyOfJson } from '../subgraphCalls';
import type { SamverkanAnswer, SamverkanCall } from './types';

/**
 * What makes two samverkan calls identical for in-flight merging: the same body (operation and
 * variables) in the same access scope. A write is never merged (undefined).
 */
export function samverkanMergeKey({ operationType, scope, body }: SamverkanCall): string | undefined {
  return operationType === 'mutation' ? undefined : `${scope}\u0000${body}`;
}

/** A merged caller's answer: its own data and errors (the gateway merges into what it gets); a failure is shared as it is. */
export const copyOfSamverkanAnswer = (answer: SamverkanAnswer): SamverkanAnswer =>
  answer.ok ? { ok: true, response: copyOfJson(answer.response) } : answer;
