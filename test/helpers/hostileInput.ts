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
const costly = `{ kommuner { arenden(first: 100) { nodes { uppdrag { givetI { arende { uppdrag { givetI { arende { uppdrag { id } } } } } } } } } } }`;

// Issue 21: documents whose cost to check grew faster than their size, each sent by an anonymous
// client. A fragment chain where each fragment spreads the next twice doubles per fragment.
const fragmentChain = (n: number, on = 'Query', leaf = '__typename') =>
  `{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on ${on} { ${i + 1 < n ? `...F${i + 1} ...F${i + 1}` : leaf} }`).join(' ')}`;
const repeatedField = `{ kommun(kommunkod: "2262") { ${'namn '.repeat(2000)} } }`;
const nestedInlineFragments = `{ ${'... on Query { '.repeat(300)} __typename ${'} '.repeat(300)} }`;
const repeatedDirective = `{ kommun(kommunkod: "2262") { namn ${'@include(if: true) '.repeat(700)} } }`;
const fanOutAliases = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: kommuner { namn }`).join(' ')} }`;
const operations = Array.from({ length: 300 }, (_, i) => `query Q${i} { __typename }`).join(' ');

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
  ['a 30-level fragment chain', query(fragmentChain(30)), 400, 'QUERY_TOO_DEEP'],
  ['an 11-level fragment chain (1024 fields once spread, within the depth)', query(fragmentChain(11)), 400, 'QUERY_TOO_COMPLEX'],
  ['a field repeated 2000 times', query(repeatedField), 400, 'QUERY_TOO_COMPLEX'],
  ['300 nested inline fragments', query(nestedInlineFragments), 400, 'QUERY_TOO_DEEP'],
  ['a directive repeated 700 times on one field', query(repeatedDirective), 400, 'TOO_MANY_DIRECTIVES'],
  ['300 fan-out aliases', query(fanOutAliases), 400, 'TOO_MANY_ALIASES'],
  ['300 operations in one document', JSON.stringify({ query: operations, operationName: 'Q0' }), 400, 'QUERY_TOO_COMPLEX'],
  [
    'a page size in a variable that makes the operation too costly',
    query('query($n: Int) { kommuner { arenden(first: $n) { nodes { uppdrag { id } } } } }', { n: 1_000_000 }),
    400,
    'QUERY_TOO_COMPLEX',
  ],
  [
    'a variable of 5000 entries',
    query('query($k: [ID!]) { kommuner(kommunkoder: $k) { namn } }', { k: Array.from({ length: 5000 }, () => 1) }),
    400,
    'BAD_USER_INPUT',
  ],
  [
    'a variable of 100 000 entries (refused by the body limit)',
    query('query($k: [ID!]) { kommuner(kommunkoder: $k) { namn } }', { k: Array.from({ length: 100_000 }, () => 1) }),
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  ['malformed JSON', '{"query": "{ kommuner { namn } }"', 400, 'BAD_REQUEST'],
  ['an oversized body', query(`{ kommuner { namn } } # ${'x'.repeat(30_000)}`), 413, 'PAYLOAD_TOO_LARGE'],
  [
    'a batch of operations',
    JSON.stringify([{ query: '{ kommuner { namn } }' }, { query: '{ kommuner { namn } }' }]),
    400,
    'BAD_REQUEST',
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
