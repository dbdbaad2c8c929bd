import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '#platform/errors';
import type { GraphQLHttpHandler } from '#platform/http/startHttpServer';
import type { GatewayContext } from '../errorPolicy';
import { sha256Hex } from '../trustedDocuments/trustedDocuments';
import type { KommunerCalled } from './priceOperations';
import type { QueryLimits } from './queryLimits';
import { keptPrices } from './keptPrices';
import { priceVerdict, screenText, variablesRefusal, type TextVerdict } from './screenDocument';

export interface ScreenOptions {
  /** The schema the documents are priced against: the supergraph's, or the kommun subgraph's in the standalone router. */
  schema: GraphQLSchema;
  limits: QueryLimits;
  kommunerCalled: KommunerCalled;
  /** The text of a persisted query's hash, when it is known. */
  documentOf?: (hash: string) => Promise<string | undefined>;
  /** Refuses a document this caller may not send, by its hash, before it is parsed (trusted documents). */
  admit?: (hash: string, context: GatewayContext) => GraphQLError | null;
}

/** What a GraphQL request over HTTP asks, read as Apollo Server will read it; null when it is not one (Apollo Server says why). */
function readRequest(request: HTTPGraphQLRequest): { query?: unknown; hash?: unknown; variables?: unknown } | null {
  const json = (text: string | null) => {
    try {
      return text === null ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return undefined;
    }
  };
  let fields: { query?: unknown; variables?: unknown; extensions?: unknown };
  if (request.method === 'GET') {
    const params = new URLSearchParams(request.search);
    fields = {
      query: params.get('query') ?? undefined,
      variables: json(params.get('variables')),
      extensions: json(params.get('extensions')),
    };
  } else if (typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)) {
    fields = request.body as typeof fields;
  } else {
    return null;
  }
  const extensions = fields.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  return { query: fields.query, hash: extensions?.persistedQuery?.sha256Hash, variables: fields.variables };
}

/** A refusal as Apollo Server would answer an error of the request: JSON of the media type the client accepts. */
function refusalResponse(
  error: GraphQLError,
  status: number,
  accept: string | undefined,
  requestId?: string,
): HTTPGraphQLResponse {
  const type = /application\/graphql-response\+json/i.test(accept ?? '')
    ? 'application/graphql-response+json; charset=utf-8'
    : 'application/json; charset=utf-8';
  const headers = new HeaderMap([['content-type', type]]);
  if (requestId) headers.set('x-request-id', requestId);
  const body = { errors: [{ message: error.message, extensions: { code: error.extensions.code, ...fieldOf(error) } }] };
  return { status, headers, body: { kind: 'complete', string: JSON.stringify(body) } };
}

const BATCH_REFUSED = new GraphQLError('Batched requests are not accepted: send one operation per request.', {
  extensions: { code: ErrorCode.BAD_REQUEST },
});

const fieldOf = (error: GraphQLError) => (error.extensions.field ? { field: error.extensions.field } : {});

/**
 * Verdicts on texts lately screened, by text: a client sends the same few documents again and
 * again (the dashboard only the manifest's), and parsing and Armor's pass are most of a screen.
 * Bounded by count and by the texts' length (an AST takes some tens of times its text); a text
 * longer than a tenth of that is screened afresh every time.
 */
const KEPT_VERDICTS = 500;
const KEPT_TEXT_CHARS = 1_000_000;

/**
 * Puts the query limits in front of a GraphQL handler (Apollo Server, or the standalone kommun
 * router's forwarding): every request is checked before the handler parses, validates or plans
 * it, in time linear in its size (variables counted, the document parsed once with `maxTokens`
 * and priced, ./screenDocument.ts; what its text alone decides is kept for the next request
 * with the same text), and a document `admit` refuses is refused before it is parsed
 * at all. A refusal is answered here with its code; anything else goes to the handler unchanged,
 * with the same context.
 */
export function screenedHandler(
  handler: GraphQLHttpHandler<GatewayContext>,
  options: ScreenOptions,
): GraphQLHttpHandler<GatewayContext> {
  const { limits } = options;
  const verdicts = new LRUCache<string, TextVerdict>({
    max: KEPT_VERDICTS,
    maxSize: KEPT_TEXT_CHARS,
    maxEntrySize: KEPT_TEXT_CHARS / 10,
    sizeCalculation: (_verdict, source) => Math.max(1, source.length),
  });
  const verdictOf = (source: string): TextVerdict => {
    let verdict = verdicts.get(source);
    if (!verdict) {
      verdict = screenText(source, options.schema, limits);
      verdicts.set(source, verdict);
    }
    return verdict;
  };
  // Kept with the verdict's document: a request that differs in a variable the price does not read is not priced again.
  const price = keptPrices();
  return {
    async executeHTTPGraphQLRequest({ httpGraphQLRequest, context }) {
      let built: Promise<GatewayContext> | undefined;
      const once = () => (built ??= context());
      const pass = () => handler.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: once });
      const refuse = async (error: GraphQLError, status = 400) =>
        refusalResponse(error, status, httpGraphQLRequest.headers.get('accept'), (await once()).requestId);
      // One request, one operation: a batch would be priced and rate-limited as one (OWASP: batching attacks).
      if (Array.isArray(httpGraphQLRequest.body)) return refuse(BATCH_REFUSED);
      const request = readRequest(httpGraphQLRequest);
      if (!request) return pass();
      const tooMany = variablesRefusal(request.variables, limits.maxVariableValues);
      if (tooMany) return refuse(tooMany);
      let source = typeof request.query === 'string' ? request.query : undefined;
      if (source === undefined && typeof request.hash === 'string') source = await options.documentOf?.(request.hash);
      if (source === undefined) return pass();
      if (options.admit) {
        const hash = typeof request.hash === 'string' && request.query === undefined ? request.hash : sha256Hex(source);
        const refusal = options.admit(hash, await once());
        if (refusal) return refuse(refusal, 403);
      }
      const variables = typeof request.variables === 'object' && request.variables !== null ? request.variables : {};
      // The text's verdict is kept; the price is the request's own, as it depends on the variables.
      const refusal = priceVerdict(verdictOf(source), { ...options, variables: variables as Record<string, unknown> }, price);
      return refusal ? refuse(refusal) : pass();
    },
  };
}
