/**
 * The soak's HTTP client: one GraphQL request through the gateway, and what became of it at the
 * transport level as well as in GraphQL. A request is *accepted* once the gateway has started its
 * answer (the status line arrived); one cut after that is lost, which graceful shutdown forbids.
 */

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
}

/**
 * - `answered`: a whole answer arrived (any HTTP status);
 * - `refused`: no connection (ECONNREFUSED): nothing listens, as while the gateway restarts;
 * - `resetBeforeAnswer`: a connection, then cut before the answer started: the gateway never
 *   accepted the request (a kept-alive connection it closed as the request left, or a connection
 *   still in the kernel's queue when it stopped listening);
 * - `cutDuringAnswer`: the answer started and was cut: an accepted request lost;
 * - `timeout`: no answer within the client's bound, a hang.
 */
export type Transport = 'answered' | 'refused' | 'resetBeforeAnswer' | 'cutDuringAnswer' | 'timeout';

export interface Sent {
  transport: Transport;
  status?: number;
  body?: GraphQLBody;
  /** The body when it was not GraphQL JSON. */
  text?: string;
  /** What the transport error said, when there was one. */
  failure?: string;
  startedAt: number;
  endedAt: number;
}

const CLIENT_TIMEOUT_MS = 30_000;

export async function sendGraphQL(
  url: string,
  request: { query: string; operationName?: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<Sent> {
  const startedAt = Date.now();
  const done = (sent: Omit<Sent, 'startedAt' | 'endedAt'>): Sent => ({ ...sent, startedAt, endedAt: Date.now() });
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
  } catch (error) {
    const failure = describe(error);
    if (/TimeoutError|aborted/i.test(failure)) return done({ transport: 'timeout', failure });
    return done({ transport: /ECONNREFUSED/.test(failure) ? 'refused' : 'resetBeforeAnswer', failure });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const failure = describe(error);
    return done({
      transport: /TimeoutError|aborted/i.test(failure) ? 'timeout' : 'cutDuringAnswer',
      status: response.status,
      failure,
    });
  }
  try {
    return done({ transport: 'answered', status: response.status, body: JSON.parse(text) as GraphQLBody });
  } catch {
    return done({ transport: 'answered', status: response.status, text: text.slice(0, 300) });
  }
}

/** A fetch error with its causes, e.g. `TypeError: fetch failed ← Error: connect ECONNREFUSED …`. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (
    let e = error as { name?: string; message?: string; code?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    parts.push(`${e.name ?? 'Error'}: ${e.message ?? String(e)}${e.code ? ` (${e.code})` : ''}`);
    if (parts.length > 4) break;
  }
  return parts.join(' ← ');
}

/** The codes of an answer's errors; an error without one is `(no code)`. */
export function errorCodes(sent: Sent): string[] {
  return (sent.body?.errors ?? []).map((e) => e.extensions?.code ?? '(no code)');
}
