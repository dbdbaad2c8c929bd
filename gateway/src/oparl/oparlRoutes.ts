import type http from 'node:http';
import type { Caller } from '#platform/auth/caller';
import { ErrorCode } from '#platform/errors';
import { HttpError, sendJson } from '#platform/http/httpUtils';
import type { HttpRoute } from '#platform/http/startHttpServer';
import type { KommunEntry } from '#platform/registry';
import { BODY_LIST_READERS, deletedAt, files, objectsAt, type BodyRead } from './bodyLists';
import { accessUrlOf } from './file';
import { OparlRateLimited, type OparlGraph } from './oparlGraph';
import { listFilters, oparlListPage } from './oparlList';
import { BODY_LISTS, OparlUrls, oparlType, type BodyList } from './oparlUrls';
import { body, system } from './system';

export interface OparlRouteOptions {
  graph: OparlGraph;
  /** The kommuner of the registry, now. */
  kommuner: () => readonly KommunEntry[];
  /** PUBLIC_URL; without it, URLs are built from the request's Host. */
  publicUrl?: string;
  /** OPARL_LICENSE: the licence of the data, on System and every Body. */
  license: string;
}

/** The list each kind of object is found in, by the path segment of its URL. */
const LIST_OF_KIND: Record<string, BodyList> = {
  organization: 'organizations',
  person: 'persons',
  meeting: 'meetings',
  paper: 'papers',
  agendaitem: 'agendaitems',
  membership: 'memberships',
  file: 'files',
  legislativeterm: 'legislativeterms',
};

const HOST = /^[\w.-]+(:\d{1,5})?$|^\[[\da-f:]+\](:\d{1,5})?$/i;

function baseUrl(req: http.IncomingMessage, publicUrl?: string): string {
  if (publicUrl) return publicUrl;
  const host = req.headers.host ?? '';
  if (!HOST.test(host)) throw new HttpError(400, 'The Host header is not a host name', ErrorCode.BAD_REQUEST);
  return `http://${host}`;
}

/**
 * OParl's error object (type, message, debug) with the code every answer of the graph carries
 * (`errors[0].extensions.code`), so that OParl tools and our own clients both read it.
 */
const oparlError = (error: HttpError) => ({
  type: oparlType('Error'),
  message: error.message,
  debug: error.code,
  errors: [{ message: error.message, extensions: { code: error.code } }],
});

/** A key as written in a URL, unescaped; one that is not escaped well names nothing (empty). */
function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return '';
  }
}

/**
 * The objects a read by the key's first part gives; none for a key the kommun refuses as
 * malformed; null for a kind not read so.
 */
async function objectsByKey(read: BodyRead, kind: string, key: string) {
  const first = decodedKey(key.split('/')[0]);
  if (!first) return [];
  try {
    return await objectsAt(read, kind, first);
  } catch (error) {
    if (error instanceof HttpError && error.code === ErrorCode.BAD_USER_INPUT) return [];
    throw error;
  }
}

const notFound = (what: string) => new HttpError(404, `No OParl object at ${what}`, ErrorCode.NOT_FOUND);

/**
 * OParl 1.1 at `/oparl/v1/…`, read only and for everyone: `system`, `bodies`, `body/<kommunkod>`,
 * the Body's lists `body/<kommunkod>/<list>` and each object at `body/<kommunkod>/<kind>/<key>`.
 * Every object comes through the graph as an anonymous caller (OparlGraph).
 */
export function oparlRoutes(options: OparlRouteOptions): HttpRoute<Caller | null>[] {
  return [
    {
      method: 'GET',
      path: /^\/oparl\/v1(\/.*)?$/,
      authenticated: false,
      async handle(req, res, [rest = '']) {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const urls = new OparlUrls(baseUrl(req, options.publicUrl));
        // OParl's rule for every JSON answer: anyone's web application may read it (no cookies, no tokens).
        res.setHeader('access-control-allow-origin', '*');
        res.removeHeader('vary');
        try {
          const answer = await serve(options, urls, rest, url.searchParams, req.socket.remoteAddress, res);
          if (answer !== undefined) sendJson(res, 200, answer);
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          if (error instanceof OparlRateLimited) res.setHeader('retry-after', String(error.retryAfterSeconds));
          sendJson(res, error.status, oparlError(error));
        }
      },
    },
  ];
}

async function serve(
  options: OparlRouteOptions,
  urls: OparlUrls,
  rest: string,
  params: URLSearchParams,
  clientAddress: string | undefined,
  res: http.ServerResponse,
): Promise<unknown> {
  const kommuner = options.kommuner();
  if (rest === '' || rest === '/' || rest === '/system') return system(urls, options.license);
  if (rest === '/bodies')
    return oparlListPage(
      urls.bodies(),
      params,
      kommuner.map((k) => body(urls, k, options.license)),
      [],
    );
  const match = /^\/body\/(\d{4})(?:\/([a-z]+)(?:\/(.+))?)?$/.exec(rest);
  const kommun = match && kommuner.find((k) => k.kommunkod === match[1]);
  if (!match || !kommun) throw notFound(`/oparl/v1${rest}`);
  const [, kommunkod, segment, key] = match;
  if (!segment) return body(urls, kommun, options.license);
  const read: BodyRead = { graph: options.graph, urls, kommunkod, clientAddress };
  if (!key) {
    if (!(BODY_LISTS as readonly string[]).includes(segment)) throw notFound(`/oparl/v1${rest}`);
    // `modified_since` is the reader's (the commit-ordered feed); the other filters are the page's.
    const since = listFilters(params).modified_since;
    const { live, deleted } = await BODY_LIST_READERS[segment as BodyList]({ ...read, since });
    return oparlListPage(urls.list(kommunkod, segment as BodyList), params, live, deleted, { sinceApplied: true });
  }
  if (segment === 'file' && key.endsWith('/access')) {
    // Compared as the URLs are written, never decoded: a malformed escape is simply not found.
    const handling = (await files(read)).find((h) => accessUrlOf(urls, kommunkod, h.id) === `${urls.root}${rest}`);
    if (!handling?.url) throw notFound(`/oparl/v1${rest}`);
    // The signed link is short-lived and for this reader: each access asks for a fresh one.
    res.writeHead(302, { location: handling.url, 'cache-control': 'no-store' }).end();
    return undefined;
  }
  const list = LIST_OF_KIND[segment];
  if (!list) throw notFound(`/oparl/v1${rest}`);
  const id = `${urls.root}${rest}`;
  // By key where the graph allows it, else from the full list; the URL must be the object's own
  // (its key escaped once). Not there, it may be deleted: the feed's tombstones say.
  const live = (await objectsByKey(read, segment, key)) ?? (await BODY_LIST_READERS[list](read)).live;
  const found = live.find((o) => o.id === id) ?? (await deletedAt(read, list)).find((o) => o.id === id);
  if (!found) throw notFound(`/oparl/v1${rest}`);
  return found;
}
