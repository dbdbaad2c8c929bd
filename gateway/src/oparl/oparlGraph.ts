import type { ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '#platform/errors';
import { HttpError } from '#platform/http/httpUtils';
import type { GatewayContext } from '../errorPolicy';
import { OPARL_FEEDS, type OparlFeed } from './oparlOperations';

/** A tombstone of a sync feed: the key a deleted object had, and when it was deleted. */
export interface Tombstone {
  id: string;
  borttagen: string;
}

/** All a kommun's feed holds for one kind of object, as the public sees it. */
export interface FeedContents<T> {
  nodes: T[];
  borttagna: Tombstone[];
}

/** A kommun's failure, as the kommun router codes it; a stale answer from its cache is not one. */
const KOMMUN_FAILURE = /^KOMMUN_(?!STALE$)/;
/** Pages read from one feed at most: 100 each, so a kommun's OParl lists end at 50 000 objects. */
const MAX_FEED_PAGES = 500;

/**
 * Runs OParl's operations in the gateway's own Apollo Server, as an anonymous caller: the same
 * plugins (rate limits, trusted documents, answer cache), the kommun router and its failure
 * rules, and never anyone's rights. A kommun that fails is that kommun's 503 (502 when it answers
 * with a schema that cannot serve), never a broken System; FORBIDDEN fields (sekretess) are null.
 */
export class OparlGraph {
  constructor(private readonly apollo: Pick<ApolloServer<GatewayContext>, 'executeOperation'>) {}

  async run(
    query: string,
    variables: Record<string, unknown>,
    kommunkod: string,
    clientAddress?: string,
  ): Promise<Record<string, unknown>> {
    const response = await this.apollo.executeOperation(
      { query, variables },
      { contextValue: { requestId: randomUUID(), caller: null, clientAddress, chargedAtFront: 0 } },
    );
    if (response.body.kind !== 'single')
      throw new HttpError(502, 'The graph answered OParl in parts', ErrorCode.INTERNAL_SERVER_ERROR);
    const { data, errors = [] } = response.body.singleResult;
    const failure = errors.find((e) => {
      const code = String(e.extensions?.code ?? '');
      return code !== ErrorCode.FORBIDDEN;
    });
    if (failure) {
      const code = String(failure.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
      if (code === ErrorCode.RATE_LIMITED)
        throw new OparlRateLimited(failure.message, Number(failure.extensions?.retryAfterSeconds ?? 1));
      const status = KOMMUN_FAILURE.test(code) ? (code === ErrorCode.KOMMUN_INCOMPATIBLE ? 502 : 503) : 502;
      throw new HttpError(status, `Kommun ${kommunkod} cannot be read now (${code}); the other bodies can`, code);
    }
    return (data ?? {}) as Record<string, unknown>;
  }

  /** Everything a kommun's feed holds, page by page. */
  async feed<T>(name: OparlFeed, kommunkod: string, clientAddress?: string): Promise<FeedContents<T>> {
    const { field, query } = OPARL_FEEDS[name];
    const contents: FeedContents<T> = { nodes: [], borttagna: [] };
    let after: string | null = null;
    for (let page = 0; page < MAX_FEED_PAGES; page++) {
      const data = await this.run(query, { kommunkod, after }, kommunkod, clientAddress);
      const kommun = data.kommun as Record<string, FeedPage<T>> | null;
      if (!kommun) throw new HttpError(404, `No body ${kommunkod}`, ErrorCode.UNKNOWN_KOMMUN);
      const answer = kommun[field];
      contents.nodes.push(...answer.nodes);
      contents.borttagna.push(...answer.borttagna);
      if (!answer.pageInfo.hasNextPage) break;
      after = answer.pageInfo.endCursor;
    }
    return contents;
  }
}

/** A client over its points: 429 with the operation's `Retry-After`. */
export class OparlRateLimited extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message, ErrorCode.RATE_LIMITED);
  }
}

interface FeedPage<T> {
  nodes: T[];
  borttagna: Tombstone[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
