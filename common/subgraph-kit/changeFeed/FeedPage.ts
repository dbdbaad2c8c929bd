import type { FeedPosition } from './feedMarker';

/** A list on the feed as its repository reads it. */
export interface FeedList {
  /** The list's name in its markers, e.g. "paragrafer": a marker of another list is refused. */
  lista: string;
  /** The tombstones' `typ`, as given to `putOnChangeFeed`. */
  typ: string;
  table: string;
  /** The key column (default `id`) and its SQL type. */
  key?: string;
  keyType?: 'text' | 'bigint';
}

/** A deleted row as the feed reports it. */
export interface Tombstone {
  typ: string;
  /** The key the row had, as text. */
  id: string;
  borttagen: Date;
  markor: string;
}

/** One page of a list's feed: the connection every list on the feed answers with. */
export interface FeedPage<T> {
  nodes: T[];
  borttagna: Tombstone[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Where the next poll starts: the page's end, or the position given when the page is empty. */
  andringsmarkor: string | null;
}

/** The arguments every list on the feed takes, as GraphQL gives them. */
export interface FeedArgs {
  andradeEfter?: string | null;
  uppdateradSedan?: Date | null;
  first: number;
  after?: string | null;
}

/** The largest page a feed gives at once. */
export const MAX_FEED_PAGE = 100;

export interface FeedRequest {
  /** Where to start: the client's marker, already decoded; null from the beginning. */
  after: FeedPosition | null;
  first: number;
  /** Only rows changed (and tombstones made) after this time. By the clock: not commit-safe. */
  uppdateradSedan?: Date | null;
}

export interface TombstoneRow {
  id: string;
  nyckel: string;
  borttagen: Date;
  xid: string;
}

/** A row of a list read in feed order: its transaction id, its tie-break, and the row (null: skip it). */
export interface FeedRow<T> {
  xid: string;
  n: string;
  node: T | null;
}
