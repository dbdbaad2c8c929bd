import type { ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '#platform/errors';
import { HttpError } from '#platform/http/httpUtils';
import type { GatewayContext } from '../errorPolicy';
import { FeedClock } from './feedClock';
import {
  OPARL_FEEDS,
  OPARL_LISTS,
  OPARL_OBJECTS,
  type OparlFeed,
  type OparlListRead,
  type OparlObjectKind,
} from './oparlOperations';

/** A tombstone of a sync feed: the key a deleted object had, and when it was deleted. */
export interface Tombstone {
  id: string;
  borttagen: string;
}

/** All a kommun's feed holds for one kind of object (or all after a position), as the public sees it. */
export interface FeedContents<T> {
  nodes: T[];
  borttagna: Tombstone[];
}

/**
 * A kommun's failure, as the kommun router codes it. A last good answer standing in for a kommun
 * that is down (KOMMUN_STALE) is one too: it can be older than the time a client polls with, and
 * a poll that trusted it could miss a change.
 */
const KOMMUN_FAILURE = /^KOMMUN_/;
/** Pages read from one feed or of ärenden at most: 100 each, so a kommun's OParl lists end at 50 000 objects. */
const MAX_FEED_PAGES = 500;

/**
 * Runs OParl's operations in the gateway's own Apollo Server, as an anonymous caller: the same
 * plugins (rate limits, trusted documents, answer cache), the kommun router and its failure
 * rules, and never anyone's rights. A kommun that fails is that kommun's 503 (502 when it answers
 * with a schema that cannot serve), never a broken System; FORBIDDEN fields (sekretess) are null.
 */
export class OparlGraph {
  /**
   * @param freshnessSeconds how old an answer of a feed the kommun router may give as fresh (its
   *   answer cache's longest max age; 0 without the cache): `modified_since` reaches back by it.
   */
  constructor(
    private readonly apollo: Pick<ApolloServer<GatewayContext>, 'executeOperation'>,
    private readonly freshnessSeconds = 0,
    private readonly clock = new FeedClock(),
  ) {}

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

  /** One object by its key, as the public sees it; null when there is none. */
  async object<T>(kind: OparlObjectKind, kommunkod: string, key: string, clientAddress?: string): Promise<T | null> {
    const { field, query } = OPARL_OBJECTS[kind];
    const data = await this.run(query, { kommunkod, key }, kommunkod, clientAddress);
    return (data[field] as T | null) ?? null;
  }

  /**
   * A kommun's ordinary lists as one OParl list reads them (OPARL_LISTS): what is committed now,
   * whatever transaction is open. Ärenden page by page (for Papers and Files), their nodes all in `arenden`.
   */
  async list(name: OparlListRead, kommunkod: string, clientAddress?: string): Promise<Record<string, unknown>> {
    const { query } = OPARL_LISTS[name];
    if (name !== 'papers' && name !== 'files')
      return this.kommunOf(await this.run(query, { kommunkod }, kommunkod, clientAddress), kommunkod);
    const nodes: unknown[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_FEED_PAGES; page++) {
      const kommun = this.kommunOf(await this.run(query, { kommunkod, after }, kommunkod, clientAddress), kommunkod);
      const answer = kommun.arenden as { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      nodes.push(...answer.nodes);
      if (!answer.pageInfo.hasNextPage) break;
      after = answer.pageInfo.endCursor;
    }
    return { arenden: nodes };
  }

  private kommunOf(data: Record<string, unknown>, kommunkod: string) {
    const kommun = data.kommun as Record<string, unknown> | null;
    if (!kommun) throw new HttpError(404, `No body ${kommunkod}`, ErrorCode.UNKNOWN_KOMMUN);
    return kommun;
  }

  /** Everything a kommun's feed holds, page by page. */
  feed<T>(name: OparlFeed, kommunkod: string, clientAddress?: string): Promise<FeedContents<T>> {
    return this.read<T>(name, kommunkod, '', clientAddress);
  }

  /**
   * What a kommun's feed holds from the point it had reached before `since` (ms, this gateway's
   * clock, less the router's freshness) to the point it had reached before now, in commit order:
   * every change a poll begun at or after `since` did not see, a late commit included, and none
   * that the next poll (since this one was sent) will show (see FeedClock). The objects are as
   * they are now; one changed again past that stretch waits for the next poll.
   */
  async changesSince<T>(name: OparlFeed, kommunkod: string, since: number, clientAddress?: string): Promise<FeedContents<T>> {
    const { after, upTo } = this.clock.stretch(kommunkod, name, since, this.freshnessSeconds * 1000);
    try {
      const tail = await this.read<T>(name, kommunkod, after ?? '', clientAddress);
      if (upTo === null) return tail;
      // The feed holds each object once, at its latest change: what it holds after `upTo` is
      // what changed (or was deleted) past the stretch. Read after `tail`, so that nothing
      // changed in between is left in.
      const later = upTo === after ? tail : await this.read<T>(name, kommunkod, upTo, clientAddress);
      return withoutLater(tail, later, OPARL_FEEDS[name].key);
    } catch (error) {
      // The kommun's database was restored or replaced since: its markers are void, read it all.
      if (!((after || upTo) && error instanceof HttpError && error.code === ErrorCode.BAD_USER_INPUT)) throw error;
      this.clock.forget(kommunkod);
      return this.read<T>(name, kommunkod, '', clientAddress);
    }
  }

  private async read<T>(name: OparlFeed, kommunkod: string, andradeEfter: string, clientAddress?: string) {
    const { field, query } = OPARL_FEEDS[name];
    const contents: FeedContents<T> = { nodes: [], borttagna: [] };
    let after: string | null = null;
    for (let page = 0; page < MAX_FEED_PAGES; page++) {
      const data = await this.run(query, { kommunkod, andradeEfter, after }, kommunkod, clientAddress);
      const kommun = data.kommun as Record<string, FeedPage<T>> | null;
      if (!kommun) throw new HttpError(404, `No body ${kommunkod}`, ErrorCode.UNKNOWN_KOMMUN);
      const answer = kommun[field];
      contents.nodes.push(...answer.nodes);
      contents.borttagna.push(...answer.borttagna);
      if (!answer.pageInfo.hasNextPage) {
        this.clock.record(kommunkod, name, answer.andringsmarkor);
        break;
      }
      after = answer.pageInfo.endCursor;
    }
    return contents;
  }
}

/** `tail` without the objects and tombstones that `later` (the feed after a later point) holds. */
function withoutLater<T>(tail: FeedContents<T>, later: FeedContents<T>, key: string): FeedContents<T> {
  const keyOf = (node: T) => String((node as Record<string, unknown>)[key]);
  const tombstoneOf = (t: Tombstone) => `${t.id}\n${t.borttagen}`;
  const laterKeys = new Set(later.nodes.map(keyOf));
  const laterTombstones = new Set(later.borttagna.map(tombstoneOf));
  return {
    nodes: tail.nodes.filter((node) => !laterKeys.has(keyOf(node))),
    borttagna: tail.borttagna.filter((t) => !laterTombstones.has(tombstoneOf(t))),
  };
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
  andringsmarkor: string | null;
}
