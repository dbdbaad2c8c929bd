import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '#platform/errors';
import { armorRefusal } from './armorRefusal';
import { priceOperations, type Price, type PricingOptions } from './priceOperations';
import type { QueryLimits } from './queryLimits';

/** The parser's own words when a document passes `maxTokens`. */
const TOO_MANY_TOKENS = /Document contains more th(?:an|at) \d+ tokens/;

/**
 * What a document's text alone decides, whatever the variables: refused (its refusal), passed
 * on unparsed (it does not parse for a reason other than its size: Apollo Server answers its own
 * parse error), or parsed and within every limit the text decides; only its price is left to
 * check, per request, as it depends on the variables (`first`, `kommunkoder`).
 */
export type TextVerdict = { refusal: GraphQLError } | { unparsed: true } | { document: DocumentNode };

/**
 * The checks of a document's text, in time linear in its size: parsed once with `maxTokens`
 * (graphql-js's parser stops at the limit), its operations counted, its depth, aliases and
 * directives checked by GraphQL Armor's rules (./armorRefusal.ts). The same text always gets the
 * same verdict under the same schema and limits, so a caller may keep it (./screenedHandler.ts).
 */
export function screenText(source: string, schema: GraphQLSchema, limits: QueryLimits): TextVerdict {
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (error) {
    if (error instanceof GraphQLError && TOO_MANY_TOKENS.test(error.message)) {
      return {
        refusal: new GraphQLError(
          `The document has more than ${limits.maxTokens} tokens; at most ${limits.maxTokens} are allowed.`,
          {
            extensions: { code: ErrorCode.TOO_MANY_TOKENS },
          },
        ),
      };
    }
    return { unparsed: true };
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  if (operations > limits.maxOperations) {
    return {
      refusal: new GraphQLError(
        `The document holds ${operations} operations; at most ${limits.maxOperations} are allowed. Send only the operations you run.`,
        { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } },
      ),
    };
  }
  const refusal = armorRefusal(schema, document, limits);
  return refusal ? { refusal } : { document };
}

/**
 * Checks a document against the limits: its text (`screenText`), then its price with the
 * request's variables (./priceOperations.ts: cost and fields). Returns the refusal, or null when
 * the document is within every limit or does not parse for another reason (Apollo Server then
 * answers its own parse error).
 */
export function screenDocument(source: string, options: PricingOptions): GraphQLError | null {
  return priceVerdict(screenText(source, options.schema, options.limits), options);
}

/**
 * A text's verdict completed with the price of its operations under the request's variables;
 * `price` may be one that keeps prices (./keptPrices.ts).
 */
export function priceVerdict(
  verdict: TextVerdict,
  options: PricingOptions,
  price: (document: DocumentNode, options: PricingOptions) => Price = priceOperations,
): GraphQLError | null {
  if ('refusal' in verdict) return verdict.refusal;
  if ('unparsed' in verdict) return null;
  return price(verdict.document, options).refusal;
}

/**
 * Counts the list items and object entries of a request's variables, and refuses them past
 * `max` (BAD_USER_INPUT, naming the variable) before Apollo Server coerces them. Stops counting
 * at the limit.
 */
export function variablesRefusal(variables: unknown, max: number): GraphQLError | null {
  if (typeof variables !== 'object' || variables === null) return null;
  let count = 0;
  for (const [name, value] of Object.entries(variables)) {
    count += 1;
    const pending: unknown[] = [value];
    while (pending.length > 0) {
      const next = pending.pop();
      if (typeof next !== 'object' || next === null) continue;
      const entries = Array.isArray(next) ? next : Object.values(next);
      count += entries.length;
      if (count > max) {
        return new GraphQLError(
          `The variables hold more than ${max} values (list items and object entries); at most ${max} are allowed.`,
          { extensions: { code: ErrorCode.BAD_USER_INPUT, field: name } },
        );
      }
      pending.push(...entries);
    }
  }
  return null;
}
