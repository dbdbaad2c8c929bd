import type { HTTPGraphQLResponse } from '@apollo/server';
import { ErrorCode } from '../errors';

/**
 * Where GraphQL over HTTP (the GraphQL Foundation's spec) asks more than Apollo Server does. Both
 * rules key on the media types a client names in `Accept`; a client that names neither (a browser
 * page, `curl`, `fetch` with its `*\/*`) gets Apollo Server's answers unchanged.
 */

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/** The media types `Accept` names with a non-zero quality, without parameters, lower case. */
function acceptedTypes(accept: string | undefined): string[] {
  return (accept ?? '')
    .split(',')
    .map((part) => part.split(';').map((p) => p.trim().toLowerCase()))
    .filter(([type, ...params]) => type && !params.some((p) => /^q=0(\.0*)?$/.test(p)))
    .map(([type]) => type);
}

/**
 * A client that accepts `application/json` and not `application/graphql-response+json` speaks
 * the spec's legacy form, where a well-formed request whose document fails (to parse, to
 * validate, to find its operation, to coerce its variables) is answered 200 with its errors: such
 * a client reads the body, not the status. A request that is not well-formed (no query, variables
 * that are not a map, CSRF) stays a 400, as does everything for a client of the newer media type.
 */
export function statusForClient(accept: string | undefined, response: HTTPGraphQLResponse): number {
  const status = response.status ?? 200;
  if (status !== 400 || response.body.kind !== 'complete') return status;
  const types = acceptedTypes(accept);
  if (!types.includes(JSON_TYPE) || types.includes(GRAPHQL_RESPONSE)) return status;
  if (!response.headers.get('content-type')?.startsWith(JSON_TYPE)) return status;
  try {
    const { data, errors } = JSON.parse(response.body.string) as {
      data?: unknown;
      errors?: { extensions?: { code?: string } }[];
    };
    const wellFormed =
      data === undefined && Array.isArray(errors) && errors.every((e) => e.extensions?.code !== ErrorCode.BAD_REQUEST);
    return wellFormed ? 200 : status;
  } catch {
    return status;
  }
}

/**
 * Whether a GET needs no CSRF preflight header. Apollo Server's CSRF prevention refuses every GET
 * without one, because a page on another site can make a browser send a GET. Here a GET can only
 * read (Apollo Server answers a mutation over GET with 405) and no service reads cookies, so such
 * a GET is an anonymous read whose answer the other site cannot see (CORS). A GET that asks for a
 * GraphQL answer in `Accept` is a GraphQL client's and is let through, as the spec expects GETs to
 * work; what a form, link or image sends (`text/html`, `image/*`, `*\/*`) is still refused.
 */
export function getNeedsNoPreflight(method: string | undefined, accept: string | undefined): boolean {
  if (method !== 'GET') return false;
  const types = acceptedTypes(accept);
  return types.includes(GRAPHQL_RESPONSE) || types.includes(JSON_TYPE);
}
