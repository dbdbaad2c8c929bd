import { HANDLING_LINK_PARAMETER } from '../handlingMarker';

/** Query parameters whose values are secrets: the token of a document link. */
export const SECRET_QUERY_PARAMETERS: readonly string[] = [HANDLING_LINK_PARAMETER];

/** What stands in a log line or a span for a secret's value. */
export const REDACTED = 'REDACTED';

const SECRETS = [
  // A secret query parameter's value, in a URL, a path with its query, or a message quoting one.
  new RegExp(`([?&](?:${SECRET_QUERY_PARAMETERS.join('|')})=)[^&#\\s"'<>]*`, 'g'),
  // A bearer credential, as an Authorization header's value says it.
  /(\bBearer\s+)[^\s"',;]+/gi,
  // A signed token (a compact JWS: a link's, a user's, an internal one) wherever it stands, however its parameter was spelled.
  /()\beyJ[\w-]*\.[\w-]+\.[\w-]*/g,
];

/**
 * `text` with every secret in it replaced by REDACTED: the value of a secret query parameter,
 * a bearer credential, a signed token. The rest (a URL's path, a message's words) stays, for
 * whoever reads it.
 */
export function redactSecrets(text: string): string {
  return SECRETS.reduce((redacted, secret) => redacted.replace(secret, `$1${REDACTED}`), text);
}
