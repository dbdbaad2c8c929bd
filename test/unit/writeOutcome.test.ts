import { samverkanAnswerOf } from '../../gateway/src/samverkan/SamverkanClient';
import type { SamverkanAnswer } from '../../gateway/src/samverkan/types';
import { DeadlineExceeded } from '../../gateway/src/subgraphCalls';

// What the gateway tells a client when its call to the samverkan subgraph fails, read from the
// exchange as samverkan's last layer reads it (a write is `true`).
const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
const failed = (failure: unknown, write: boolean) => samverkanAnswerOf({ failure }, write, 1000);
const errorOf = (answer: SamverkanAnswer) => {
  if (answer.ok) throw new Error('expected a failure');
  return answer.error;
};
const codeOf = (answer: SamverkanAnswer) => errorOf(answer).extensions.code;
const answered = (status: number, text: string) =>
  samverkanAnswerOf({ status, contentType: 'application/json', text }, false, 1000);

describe('a failed call to the samverkan subgraph', () => {
  it('is SAMVERKAN_OUTCOME_UNKNOWN for a write whose connection broke after it was sent', () => {
    const answer = failed(fetchFailed('UND_ERR_SOCKET'), true);
    expect(codeOf(answer)).toBe('SAMVERKAN_OUTCOME_UNKNOWN');
    expect(errorOf(answer).message).toMatch(/outcome is unknown.*retry with the same Idempotency-Key/);
  });

  it('is SAMVERKAN_UNAVAILABLE for a write that was refused before it was sent, and for any read', () => {
    expect(codeOf(failed(fetchFailed('ECONNREFUSED'), true))).toBe('SAMVERKAN_UNAVAILABLE');
    expect(codeOf(failed(fetchFailed('UND_ERR_SOCKET'), false))).toBe('SAMVERKAN_UNAVAILABLE');
  });

  it('is SAMVERKAN_UNAVAILABLE for a read answered with something that is not GraphQL, OUTCOME_UNKNOWN for a write', () => {
    expect(codeOf(answered(200, '<html>'))).toBe('SAMVERKAN_UNAVAILABLE');
    expect(codeOf(samverkanAnswerOf({ status: 200, text: 'null' }, true, 1000))).toBe('SAMVERKAN_OUTCOME_UNKNOWN');
  });
});

describe('samverkan answering with an HTTP status other than 2xx, as @apollo/gateway read it', () => {
  it('passes 401 on as UNAUTHENTICATED and 403 as FORBIDDEN, with samverkan body', () => {
    const body = { errors: [{ message: 'no token', extensions: { code: 'UNAUTHENTICATED' } }] };
    const unauthenticated = errorOf(answered(401, JSON.stringify(body)));
    expect(unauthenticated.message).toBe('401: Unauthorized');
    expect(unauthenticated.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      response: { status: 401, statusText: 'Unauthorized', body },
    });
    expect(codeOf(answered(403, '{}'))).toBe('FORBIDDEN');
  });

  it('gives other statuses no code (an internal error under the error policy), even with a GraphQL body', () => {
    const error = errorOf(answered(400, '{"errors":[{"message":"Cannot query field"}]}'));
    expect(error.message).toBe('400: Bad Request');
    expect(error.extensions.code).toBeUndefined();
    expect(errorOf(answered(503, 'down')).extensions).toEqual({
      response: { status: 503, statusText: 'Service Unavailable', body: 'down' },
    });
  });

  it('passes a 2xx GraphQL answer on, its errors included', () => {
    const body = {
      data: { samverkan: null },
      errors: [{ message: 'x', extensions: { code: 'SAMVERKAN_DATABASE_UNAVAILABLE' } }],
    };
    expect(answered(200, JSON.stringify(body))).toEqual({ ok: true, response: body });
  });
});

describe('a call to the samverkan subgraph that passed SAMVERKAN_TIMEOUT', () => {
  it('is SAMVERKAN_OUTCOME_UNKNOWN for a write that was sent', () => {
    expect(codeOf(failed(new DeadlineExceeded(1000, true), true))).toBe('SAMVERKAN_OUTCOME_UNKNOWN');
  });

  it('is SAMVERKAN_TIMEOUT for a read, and for a write still waiting for a connection', () => {
    const read = failed(new DeadlineExceeded(1000, true), false);
    expect(codeOf(read)).toBe('SAMVERKAN_TIMEOUT');
    expect(errorOf(read).message).toMatch(/within 1000 ms/);
    expect(codeOf(failed(new DeadlineExceeded(1000, false), true))).toBe('SAMVERKAN_TIMEOUT');
  });
});
