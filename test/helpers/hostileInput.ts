/**
 * Hostile requests every gateway must refuse with a 4xx and a stable code, wherever it runs: in
 * front of stub subgraphs (test/integration/gatewayLimits.test.ts) and on the whole stack in
 * production mode (test/e2e/security.test.ts). Sized for MAX_BODY_BYTES=20000.
 */
const query = (q: string, variables?: unknown) => JSON.stringify({ query: q, variables });

const nested = (depth: number) => {
  let selection = 'rubrik';
  for (let i = 0; i < depth; i++) selection = `behandlingar { arende { ${selection} } }`;
  return `{ arende(kommunkod: "2262", diarienummer: "x") { ${selection} } }`;
};
const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: kommun(kommunkod: "2262") { namn }`).join(' ')} }`;
const directives = `{ kommun(kommunkod: "2262") { ${Array.from({ length: 25 }, (_, i) => `n${i}: namn @include(if: true)`).join(' ')} } }`;
const tokens = `{ kommun(kommunkod: "2262") { ${'n '.repeat(5100)} } }`;
const costly = `{ kommuner { arenden(first: 100) { nodes { uppdrag { givetI { arende { uppdrag { id } } } } } } } }`;

export const MAX_BODY_BYTES_FOR_HOSTILE_INPUT = '20000';

/** [what, body, HTTP status, extensions.code of the first error (undefined: no GraphQL body)] */
export const hostileRequests: [string, string, number, string | undefined][] = [
  ['a query nested too deep', query(nested(8)), 400, 'QUERY_TOO_DEEP'],
  ['too many aliases', query(aliases), 400, 'TOO_MANY_ALIASES'],
  ['too many directives', query(directives), 400, 'TOO_MANY_DIRECTIVES'],
  ['too many tokens', query(tokens), 400, 'TOO_MANY_TOKENS'],
  ['too costly a query', query(costly), 400, 'QUERY_TOO_COMPLEX'],
  [
    'a fragment cycle',
    query('{ kommun(kommunkod: "2262") { ...A } } fragment A on Kommun { organ { ...B } } fragment B on Organ { kortnamn ...A }'),
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  [
    'a variable of the wrong type',
    query('query($k: ID!) { kommun(kommunkod: $k) { namn } }', { k: { not: 'an id' } }),
    400,
    'BAD_USER_INPUT',
  ],
  ['a NUL byte in a string', query('{ arende(kommunkod: "2262", diarienummer: "KS\\u0000") { rubrik } }'), 400, 'BAD_USER_INPUT'],
  ['malformed JSON', '{"query": "{ kommuner { namn } }"', 400, 'BAD_REQUEST'],
  ['an oversized body', query(`{ kommuner { namn } } # ${'x'.repeat(30_000)}`), 413, 'PAYLOAD_TOO_LARGE'],
  [
    'a batch of operations',
    JSON.stringify([{ query: '{ kommuner { namn } }' }, { query: '{ kommuner { namn } }' }]),
    400,
    undefined,
  ],
  [
    'an operationName that names no operation',
    JSON.stringify({ query: 'query A { kommuner { namn } }', operationName: 'B' }),
    400,
    'OPERATION_RESOLUTION_FAILURE',
  ],
];

/**
 * What an answer must never show: a stack trace, a source path, a database's or a socket's own
 * words, an internal address. Returns the fragments found, so a failure names them.
 */
export function internalDetailIn(text: string): string[] {
  const leaks = [
    /stacktrace/i,
    /node_modules/,
    /\.[cm]?[jt]s:\d+/,
    /\n\s+at /,
    /\bat (?:async )?[\w.<>]+ \(/,
    /ECONN\w+|EPIPE|ETIMEDOUT/,
    /postgres|pg_\w+|SQLSTATE|syntax error at|relation "|violates|duplicate key/i,
    /password/i,
    /(?:127\.0\.0\.1|localhost):\d+/,
    /QueryFailedError|TypeORM|TypeError|ReferenceError/,
  ];
  return leaks.flatMap((pattern) => text.match(pattern)?.[0] ?? []);
}
