import type http from 'node:http';
import { ErrorCode } from '../errors';

/** An HTTP-level refusal (bad body, too large); answered with its status, never a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Answers a failed request as a GraphQL error body, keeping the status of an HttpError. */
export function sendFailure(res: http.ServerResponse, error: unknown): void {
  const status = error instanceof HttpError ? error.status : 500;
  const message = error instanceof HttpError ? error.message : 'Internal server error';
  const code =
    (error instanceof HttpError && error.code) ||
    (status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_REQUEST);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** Reflects the caller's origin when allowed: any origin when `allowed` is absent. */
export function setCorsHeaders(req: http.IncomingMessage, res: http.ServerResponse, allowed?: string[]): void {
  const origin = req.headers.origin;
  if (!origin || (allowed && !allowed.includes(origin))) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.headers['access-control-request-headers'] ?? 'content-type, authorization, apollo-require-preflight',
  );
}

/** The body's bytes; `tooLarge` is thrown as soon as it (or its Content-Length) passes `limit`. */
export async function readBodyBytes(req: http.IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON bodies are parsed here so that malformed JSON is a 400 that says so. */
export function parseJsonBody(body: string, contentType: string | undefined): unknown {
  if (body === '') return undefined;
  if (contentType && /^application\/(graphql-response\+)?json\b/i.test(contentType)) {
    try {
      return JSON.parse(body);
    } catch {
      throw new HttpError(400, 'The request body is not valid JSON');
    }
  }
  // Apollo Server answers a body it cannot read with a 400 that names the content type.
  return body;
}
