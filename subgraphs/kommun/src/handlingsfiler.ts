import type http from 'node:http';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Caller } from '#platform/auth/caller';
import { isDatabaseUnavailable } from '#platform/database/databaseUnavailable';
import { ErrorCode } from '#platform/errors';
import { readBodyBytes, sendJson } from '#platform/http/httpUtils';
import type { HttpRoute } from '#platform/http/startHttpServer';
import { createContext, type KommunContext } from './context';
import type { Kommun } from './entities/Kommun';
import { handlingTooLarge } from './services/HandlingService';

/** The HTTP status of a refusal, by its code. */
const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.HANDLING_TOO_LARGE]: 413,
};

/**
 * A document's file over HTTP, for the gateway alone (internal tokens, as GraphQL): its bytes to
 * read (GET) and to upload once (PUT). The gateway calls these when a signed link is followed,
 * vouching for the identity the link was signed for; that identity is checked here again, as any
 * read or write is: row-level security shows a restricted ärende's document only to a
 * HANDLAGGARE or ADMIN of this kommun, and only they may upload.
 */
export function handlingsfilRoutes(
  kommun: () => Kommun,
  dataSource: DataSource,
  clock: () => Date,
  maxBytes: number,
  log: (line: string) => void,
): HttpRoute<Caller | null>[] {
  const path = /^\/handlingar\/(\d{1,18})\/fil$/;
  async function withContext(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    caller: Caller | null | undefined,
    work: (ctx: KommunContext) => Promise<void>,
  ): Promise<void> {
    // No Idempotency-Key: an upload is retry-safe by itself (the same bytes again answer as the first).
    const ctx = createContext(kommun(), dataSource, clock, caller ?? null);
    try {
      await work(ctx);
    } catch (error) {
      refuse(res, error, kommun(), req, log);
    } finally {
      await ctx.db.end();
    }
  }
  return [
    {
      method: 'GET',
      path,
      authenticated: true,
      handle: (req, res, [id], caller) =>
        withContext(req, res, caller, async (ctx) => {
          const { handling, innehall } = await ctx.services.handling.fil(id);
          res.writeHead(200, {
            'content-type': handling.mediatyp!,
            'content-length': innehall.length,
            'x-handling-sha256': handling.sha256!,
            'x-handling-filnamn': encodeURIComponent(handling.filnamn ?? `handling-${handling.id}`),
          });
          res.end(req.method === 'HEAD' ? undefined : innehall);
        }),
    },
    {
      method: 'PUT',
      path,
      authenticated: true,
      handle: (req, res, [id], caller) =>
        withContext(req, res, caller, async (ctx) => {
          const innehall = await readBodyBytes(req, maxBytes, () => handlingTooLarge(maxBytes));
          const handling = await ctx.services.handling.laddaUpp(id, req.headers['content-type'] ?? '', innehall, maxBytes);
          sendJson(res, 200, {
            id: handling.id,
            kommunkod: ctx.kommunkod,
            mediatyp: handling.mediatyp,
            storlek: handling.storlek,
            sha256: handling.sha256,
            filnamn: handling.filnamn,
          });
        }),
    },
  ];
}

/** A refusal as the graph words it, with its code, at the status its code has over HTTP. */
function refuse(
  res: http.ServerResponse,
  error: unknown,
  kommun: Kommun,
  req: http.IncomingMessage,
  log: (line: string) => void,
) {
  let status = 500;
  let message = 'Internal server error';
  let code: string = ErrorCode.INTERNAL_SERVER_ERROR;
  let field: unknown;
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && STATUS[error.extensions.code]) {
    status = STATUS[error.extensions.code]!;
    ({ message } = error);
    code = error.extensions.code;
    field = error.extensions.field;
  } else if (isDatabaseUnavailable(error)) {
    status = 503;
    message = `Kommun ${kommun.namn} (${kommun.kommunkod}) cannot reach its database right now; try again shortly`;
    code = ErrorCode.KOMMUN_DATABASE_UNAVAILABLE;
  } else {
    log(
      JSON.stringify({
        level: 'error',
        service: `kommun ${kommun.kommunkod}`,
        requestId: req.headers['x-request-id'] ?? null,
        message: (error as Error).message,
        path: req.url,
      }),
    );
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, { errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
}
