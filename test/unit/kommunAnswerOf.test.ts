import { kommunAnswerOf } from '../../gateway/src/kommunRouter/sending/kommunClient';
import type { KommunEntry } from '#platform/registry';

/**
 * The answer cache keeps a kommun's body as it came (`json`) only where parsing it again gives
 * exactly the answer's data and errors; any other body is serialised from the parsed answer.
 */
const kommun = { kommunkod: '2262', namn: 'Timrå', url: 'http://127.0.0.1:1/graphql', lanskod: '22' } as KommunEntry;
const answerOf = (body: unknown) => kommunAnswerOf(kommun, { status: 200, text: `${JSON.stringify(body)}\n` }, 1000);

describe('kommunAnswerOf', () => {
  it.each([
    [{ data: { kommun: { namn: 'Timrå' } } }],
    [{ data: { kommun: null }, errors: [{ message: 'Nej', extensions: { code: 'FORBIDDEN' } }] }],
    [{ errors: [{ message: 'Nej' }], data: { kommun: null } }],
  ])('keeps the body of %j as it came', (body) => {
    const answer = answerOf(body);
    expect(answer.ok && answer.json).toBe(`${JSON.stringify(body)}\n`);
    if (answer.ok)
      expect(JSON.parse(answer.json!)).toEqual({ data: answer.data, ...(answer.errors ? { errors: answer.errors } : {}) });
  });

  it.each([
    [{ data: { kommun: null }, extensions: { cost: 1 } }],
    [{ data: null, errors: [{ message: 'Nej' }] }],
    [{ errors: [{ message: 'Nej' }] }],
    [{ data: { kommun: null }, errors: null }],
  ])('serialises %j afresh', (body) => {
    const answer = answerOf(body);
    expect(answer.ok).toBe(true);
    expect(answer.ok && answer.json).toBeUndefined();
  });
});
