import { GraphQLError } from 'graphql';
import { samverkanFetchError } from '../../gateway/src/samverkanFetchError';
import { DeadlineExceeded } from '../../gateway/src/kommunRouter';

// What the gateway tells a client when its call to the samverkan subgraph fails without an answer.
const mutation = { query: 'mutation { andraSamverkansstatus(id: "x", input: { status: UTREDS }) { id } }' };
const query = { query: '{ samverkan { namn } }' };
const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
const codeOf = (error: Error) => (error as GraphQLError).extensions?.code;

describe('a failed call to the samverkan subgraph', () => {
  it('is SAMVERKAN_OUTCOME_UNKNOWN for a write whose connection broke after it was sent', () => {
    const error = samverkanFetchError(fetchFailed('UND_ERR_SOCKET'), mutation);
    expect(codeOf(error)).toBe('SAMVERKAN_OUTCOME_UNKNOWN');
    expect(error.message).toMatch(/outcome is unknown.*retry with the same Idempotency-Key/);
  });

  it('is SAMVERKAN_UNAVAILABLE for a write that was refused before it was sent, and for any read', () => {
    expect(codeOf(samverkanFetchError(fetchFailed('ECONNREFUSED'), mutation))).toBe('SAMVERKAN_UNAVAILABLE');
    expect(codeOf(samverkanFetchError(fetchFailed('UND_ERR_SOCKET'), query))).toBe('SAMVERKAN_UNAVAILABLE');
  });

  it('keeps an error that already says what happened', () => {
    const coded = new GraphQLError('401: Unauthorized', { extensions: { code: 'UNAUTHENTICATED' } });
    expect(samverkanFetchError(coded, mutation)).toBe(coded);
  });
});

describe('a call to the samverkan subgraph that passed SAMVERKAN_TIMEOUT', () => {
  it('is SAMVERKAN_OUTCOME_UNKNOWN for a write that was sent', () => {
    expect(codeOf(samverkanFetchError(new DeadlineExceeded(1000, true), mutation, 1000))).toBe('SAMVERKAN_OUTCOME_UNKNOWN');
  });

  it('is SAMVERKAN_TIMEOUT for a read, and for a write still waiting for a connection', () => {
    const read = samverkanFetchError(new DeadlineExceeded(1000, true), query, 1000);
    expect(codeOf(read)).toBe('SAMVERKAN_TIMEOUT');
    expect(read.message).toMatch(/within 1000 ms/);
    expect(codeOf(samverkanFetchError(new DeadlineExceeded(1000, false), mutation, 1000))).toBe('SAMVERKAN_TIMEOUT');
  });
});
