import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { request as undiciRequest } from 'undici';
import type { Caller } from '#platform/auth/caller';
import { ErrorCode } from '#platform/errors';
import type { HandlingLinkPurpose } from '#platform/handlingMarker';
import { HttpError, readBodyBytes, sendJson } from '#platform/http/httpUtils';
import type { HttpRoute } from '#platform/http/startHttpServer';
import { requestIdOf, type GatewayContext } from '../errorPolicy';
import { DEFAULT_TIMEOUT_MS, type KommunRouter } from '../kommunRouter';
import { LINK_PARAMETER, type HandlingLinks } from './HandlingLinks';

/**
 * A file moves in one piece through the kommun's database, so it may take longer than a
 * dashboard's query: at least this long, whatever the kommun's `timeoutMs`.
 */
export const FILE_TIMEOUT_MS = 60_000;

export interface HandlingRouteOptions {
  router: KommunRouter;
  links: HandlingLinks;
  /** Headers of a call to one kommun on behalf of a caller (internal token, request id). */
  kommunHeaders(kommunkod: string, context: Partial<GatewayContext>): Promise<Record<string, string>>;
  /** HANDLING_MAX_BYTES: the largest file the gateway takes in. */
  maxBytes: number;
}

/**
 * The gateway's document links: `GET /handlingar/<kommunkod>/<id>?lank=…` opens a file and
 * `PUT` to the same address uploads one. The link is the proof: its signature, its expiry and
 * the document it names are checked here, then the kommun is asked as the identity bound into
 * the link, and the kommun decides again whether that identity may read (sekretess) or write.
 * Browsers cannot PUT across sites without CORS's preflight, and no other site knows a link.
 */
export function handlingRoutes(options: HandlingRouteOptions): HttpRoute<Caller | null>[] {
  const path = /^\/handlingar\/(\d{4})\/(\d{1,18})$/;
  return [
    {
      method: 'GET',
      path,
      authenticated: false,
      handle: (req, res, [kommunkod, id]) => serve(options, req, res, 'las', kommunkod, id),
    },
    {
      method: 'PUT',
      path,
      authenticated: false,
      handle: (req, res, [kommunkod, id]) => serve(options, req, res, 'ladda-upp', kommunkod, id),
    },
  ];
}

async function serve(
  options: HandlingRouteOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  purpose: HandlingLinkPurpose,
  kommunkod: string,
  id: string,
): Promise<void> {
  const requestId = requestIdOf(req);
  res.setHeader('x-request-id', requestId);
  const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get(LINK_PARAMETER);
  const caller = await options.links.verify(token, { purpose, kommunkod, id });
  const kommun = options.router.kommun(kommunkod);
  if (!kommun) throw new HttpError(404, `Kommun ${kommunkod} is not in the registry`, ErrorCode.UNKNOWN_KOMMUN);
  const body = purpose === 'ladda-upp' ? await readUpload(req, options.maxBytes) : undefined;
  const timeoutMs = Math.max(kommun.timeoutMs ?? DEFAULT_TIMEOUT_MS, FILE_TIMEOUT_MS);
  const headers: Record<string, string> = { ...(await options.kommunHeaders(kommunkod, { requestId, caller })) };
  if (body) headers['content-type'] = req.headers['content-type'] ?? 'application/octet-stream';
  let answer: Awaited<ReturnType<typeof undiciRequest>>;
  try {
    answer = await undiciRequest(`${new URL(kommun.url).origin}/handlingar/${id}/fil`, {
      method: body ? 'PUT' : 'GET',
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (error) {
    const { code } = error as { code?: string };
    if (code === 'UND_ERR_HEADERS_TIMEOUT') {
      throw new HttpError(
        504,
        `Kommun ${kommun.namn} (${kommunkod}) did not answer within ${timeoutMs} ms`,
        ErrorCode.KOMMUN_TIMEOUT,
      );
    }
    throw new HttpError(
      502,
      `Kommun ${kommun.namn} (${kommunkod}) could not be reached${body ? '; the file may not have been stored: PUT it again (the same bytes are stored once)' : ''}`,
      ErrorCode.KOMMUN_UNAVAILABLE,
    );
  }
  if (body) {
    // The upload changed the kommun's documents: its kept answers must not show it without its file.
    if (answer.statusCode === 200) await options.router.wroteTo(kommunkod);
    sendJson(res, answer.statusCode, await answer.body.json());
    return;
  }
  if (answer.statusCode !== 200) {
    sendJson(res, answer.statusCode, await answer.body.json());
    return;
  }
  const sha256 = String(answer.headers['x-handling-sha256']);
  const etag = `"${sha256}"`;
  const filnamn = decodeURIComponent(String(answer.headers['x-handling-filnamn']));
  res.setHeader('etag', etag);
  // Each link is one reader's: a shared cache must not keep it, and a browser asks again (ETag).
  res.setHeader('cache-control', 'private, no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  // A document opened from the gateway's own origin must not run as a page of it (an uploaded HTML file).
  res.setHeader('content-security-policy', 'sandbox');
  // A link followed from inside the document must not tell the next site this link's token.
  res.setHeader('referrer-policy', 'no-referrer');
  if (req.headers['if-none-match'] === etag) {
    await answer.body.dump();
    res.writeHead(304).end();
    return;
  }
  res.writeHead(200, {
    'content-type': String(answer.headers['content-type']),
    'content-length': String(answer.headers['content-length']),
    'content-disposition': contentDisposition(filnamn),
  });
  if (req.method === 'HEAD') {
    await answer.body.dump();
    res.end();
    return;
  }
  await pipeline(answer.body, res);
}

async function readUpload(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return readBodyBytes(
    req,
    maxBytes,
    () =>
      new HttpError(
        413,
        `The file is larger than ${maxBytes} bytes, the most the gateway takes per document (HANDLING_MAX_BYTES); send a smaller file`,
        ErrorCode.HANDLING_TOO_LARGE,
      ),
  );
}

/** `inline` with the name twice: in ASCII for old clients, and exactly in UTF-8 (RFC 6266). */
function contentDisposition(filnamn: string): string {
  const ascii =
    filnamn
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'handling';
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filnamn)}`;
}
