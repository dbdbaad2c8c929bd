import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse, specifiedRules, validate } from 'graphql';
import { kommunRootFieldsOf } from '../../gateway/src/rateLimits/operationCost';
import { loadKommunSchemaInfo } from '../../gateway/src/kommunRouter';
import { kommunerCalledByRouter } from '../../gateway/src/limits/kommunerCalledByRouter';
import { priceOperations } from '../../gateway/src/limits/priceOperations';
import { defaultQueryLimits } from '../../gateway/src/limits/queryLimits';
import { screenDocument } from '../../gateway/src/limits/screenDocument';
import { buildManifest } from '../../scripts/trustedDocuments';

/** National scale: the registry the contract is priced against. */
const KOMMUNER = 290;
const ROUNDS = 200;

export interface QueryLimitsResult {
  kommuner: number;
  operations: { name: string; cost: number; screenMicros: number; validateMicros: number }[];
  /** Hostile documents: how long the screen takes to refuse each, and with what code. */
  hostile: { name: string; bytes: number; screenMicros: number; code: unknown; perFragmentMicros?: number }[];
}

/** Mean microseconds of `fn` over `rounds` calls, after as many to warm up. */
function micros(fn: () => unknown, rounds = ROUNDS): number {
  for (let i = 0; i < rounds; i++) fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  return Number(process.hrtime.bigint() - started) / 1000 / rounds;
}

const chain = (n: number) =>
  `{ ...F0 } ` +
  Array.from(
    { length: n },
    (_, i) => `fragment F${i} on Query { ${i + 1 < n ? `...F${i + 1} ...F${i + 1}` : '__typename'} }`,
  ).join(' ');

/**
 * The gateway's query limits in process, with no running stack: each contract operation (as the
 * dashboard sends it, from contract/) screened (parsed once, GraphQL Armor's depth, alias and
 * directive rules, priced: gateway/src/limits) and validated by graphql-js's rules against the
 * supergraph, in µs; its cost at 290 kommuner; and
 * the hostile documents of issue 21, which the screen must refuse in well under a millisecond of
 * work per fragment before any validation runs.
 */
export function runQueryLimits(): QueryLimitsResult {
  const root = path.resolve(__dirname, '../..');
  const schema = buildASTSchema(parse(fs.readFileSync(path.join(root, 'schema/supergraph.graphql'), 'utf8')), {
    assumeValidSDL: true,
  });
  const registry = Array.from({ length: KOMMUNER }, (_, i) => ({ kommunkod: String(1000 + i) }));
  const kommunerCalled = kommunerCalledByRouter(kommunRootFieldsOf(loadKommunSchemaInfo().schema).query, () => registry);
  const options = { schema, limits: defaultQueryLimits, variables: {}, kommunerCalled };
  const operations = buildManifest().operations.map(({ name, body }) => {
    const document = parse(body);
    const price = priceOperations(document, { ...options, limits: { ...defaultQueryLimits, maxCost: Number.MAX_SAFE_INTEGER } });
    if (price.refusal) throw new Error(`bench: contract operation ${name} passes a limit: ${price.refusal.message}`);
    const cost = price.cost;
    const refusal = screenDocument(body, options);
    if (refusal) throw new Error(`bench: the screen refuses contract operation ${name}: ${refusal.message}`);
    return {
      name,
      cost,
      screenMicros: micros(() => screenDocument(body, options)),
      validateMicros: micros(() => validate(schema, parse(body), specifiedRules)),
    };
  });
  const hostileDocuments: [string, string, number?][] = [
    ['30-level fragment chain (each spreads the next twice)', chain(30), 30],
    // Four times the fragments: linear work keeps the time per fragment flat.
    ['120-level fragment chain', chain(120), 120],
    ['a field repeated 2000 times', `{ kommun(kommunkod: "2262") { ${'namn '.repeat(2000)} } }`],
    ['300 nested inline fragments', `{ ${'... on Query { '.repeat(300)} __typename ${'} '.repeat(300)} }`],
    ['a directive repeated 700 times', `{ kommun(kommunkod: "2262") { namn ${'@include(if: true) '.repeat(700)} } }`],
    ['300 fan-out aliases', `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: kommuner { namn }`).join(' ')} }`],
    ['300 operations', Array.from({ length: 300 }, (_, i) => `query Q${i} { __typename }`).join(' ')],
  ];
  const hostile = hostileDocuments.map(([name, text, fragments]) => {
    const screenMicros = micros(() => screenDocument(text, options));
    return {
      name,
      bytes: Buffer.byteLength(text),
      screenMicros,
      code: screenDocument(text, options)?.extensions.code,
      ...(fragments ? { perFragmentMicros: screenMicros / fragments } : {}),
    };
  });
  return { kommuner: KOMMUNER, operations, hostile };
}
