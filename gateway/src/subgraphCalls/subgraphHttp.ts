import { Pool, type Dispatcher } from 'undici';

/** Most open sockets to one subgraph origin; more requests wait for a free one instead of opening more. */
export const CONNECTIONS_PER_ORIGIN = 32;

/** A subgraph's whole answer: its status, its media type and its text. */
export interface SubgraphHttpAnswer {
  status: number;
  contentType?: string;
  text: string;
}

/**
 * The deadline of a call ran out: its whole answer had not arrived. `sent` tells whether the
 * request had been handed to a connection (a write may then have been made).
 */
export class DeadlineExceeded extends Error {
  readonly code = 'DEADLINE_EXCEEDED';

  constructor(
    readonly timeoutMs: number,
    readonly sent: boolean,
  ) {
    super(`no whole answer within ${timeoutMs} ms`);
  }
}

/**
 * The gateway's HTTP to its subgraphs, kommuner and samverkan alike: one keep-alive connection
 * pool per origin with a bounded number of sockets, and a deadline on every call. A call
 * resolves with the subgraph's whole answer, or rejects with `DeadlineExceeded` or undici's
 * error (which `failureOf` in ./callFailure.ts classifies).
 */
export class SubgraphHttp {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, { pool: Pool; path: string }>();

  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SubgraphHttpAnswer> {
    const { pool, path } = this.target(url);
    return post(pool, path, body, headers, timeoutMs);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    this.targets.clear();
  }

  /** Where a URL goes: its origin's pool and its path, worked out once per URL. */
  private target(url: string): { pool: Pool; path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      let pool = this.pools.get(parsed.origin);
      if (!pool) {
        pool = new Pool(parsed.origin, { connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: 30_000 });
        this.pools.set(parsed.origin, pool);
      }
      target = { pool, path: parsed.pathname + parsed.search };
      this.targets.set(url, target);
    }
    return target;
  }
}

/** The headers of every call, before its own (a kommun's token and request id). */
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' } as const;

/**
 * One POST through undici's dispatcher, collecting the answer's bytes directly: no response
 * stream and no AbortSignal per request, which is most of what a request costs when one query
 * fans out to hundreds of kommuner. `timeoutMs` is a deadline for the whole answer, from the
 * moment of dispatch (waiting for a free socket included), kept by a timer of its own: undici's
 * header and body timeouts run on a timer that ticks about every half second (a 1000 ms timeout
 * fired after about 1500 ms), and its body timeout restarts with every chunk, so a subgraph that
 * trickles bytes would never time out.
 */
function post(
  pool: Pool,
  path: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SubgraphHttpAnswer> {
  return new Promise((resolve, reject) => {
    pool.dispatch(
      {
        path,
        method: 'POST',
        headers: { ...JSON_HEADERS, ...headers },
        body,
        // The exchange's own deadline (Exchange) bounds it; undici's own idle timeouts are off.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      new Exchange(timeoutMs, resolve, reject),
    );
  });
}

/**
 * One exchange's handler: its state and its callbacks in one object, as a national view makes
 * hundreds of them at once. An answer that came in one chunk (most do) is read as it came,
 * without being copied into a buffer of its own first.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private status = 0;
  private contentType: string | undefined;
  private first: Buffer | undefined;
  private chunks: Buffer[] | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  private expired: DeadlineExceeded | undefined;
  private readonly deadline: NodeJS.Timeout;

  constructor(
    timeoutMs: number,
    private readonly resolve: (answer: SubgraphHttpAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.deadline = setTimeout(() => {
      this.expired = new DeadlineExceeded(timeoutMs, this.controller !== undefined);
      // Still waiting for a socket, it has no controller yet: it is stopped as it gets one.
      this.controller?.abort(this.expired);
      reject(this.expired);
    }, timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.expired) controller.abort(this.expired);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[]>,
  ): void {
    this.status = statusCode;
    const type = headers['content-type'];
    this.contentType = Array.isArray(type) ? type[0] : type;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.first) this.first = chunk;
    else (this.chunks ??= [this.first]).push(chunk);
  }

  onResponseEnd(): void {
    clearTimeout(this.deadline);
    const bytes = this.chunks ? Buffer.concat(this.chunks) : this.first;
    this.resolve({ status: this.status, contentType: this.contentType, text: bytes ? bytes.toString('utf8') : '' });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.deadline);
    this.reject(error);
  }
}
