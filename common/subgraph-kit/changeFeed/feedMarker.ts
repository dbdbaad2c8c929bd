import { badUserInput } from '#platform/errors';
import type { FeedList } from './FeedPage';

/** A place in a list's commit order: a transaction id, tombstones before rows, then the tie-break. */
export interface FeedPosition {
  xid: string;
  borttagen: boolean;
  /** The row's key, or the tombstone's own id. */
  n: string;
}

/**
 * Markers (cursors) are opaque to clients: base64url of JSON naming the list, the scope (the
 * kommunkod, or "samverkan") and the position. Transaction ids belong to a database, so a
 * position means something only in the scope that gave it. Several scopes' markers joined by
 * commas are one marker for all of them: each scope reads its own and skips the others', and a
 * scope with none in it starts from the beginning (everything again, never a gap).
 */
export function encodeMarker(lista: string, scope: Scope, position: FeedPosition): string {
  return Buffer.from(
    JSON.stringify(['f', lista, scope.name, scope.instans, position.xid, position.borttagen ? 0 : 1, position.n]),
  ).toString('base64url');
}

/** What a marker is valid in: a kommunkod (or "samverkan") and the incarnation of its database. */
export interface Scope {
  name: string;
  instans: string;
}

/** A position this list accepts in another form than its own markers (the ärende feed's first cursors). */
export type LegacyMarker = (decoded: unknown) => FeedPosition | null;

/**
 * The position for `scope` in a marker (or comma-joined markers) given in the argument `field`;
 * null from the start. Refused as bad input: what no list gave out, a marker of another list, or
 * two for the same scope.
 */
export function decodeMarker(
  value: string | null | undefined,
  list: Pick<FeedList, 'lista'>,
  scope: Scope,
  field: string,
  legacy?: LegacyMarker,
): FeedPosition | null {
  if (!value) return null;
  const refuse = (why: string) =>
    badUserInput(
      `The marker in \`${field}\` ${why}; pass an andringsmarkor or endCursor that this list (${list.lista}) gave out.`,
      field,
    );
  let found: FeedPosition | null = null;
  // Empty parts are skipped: a client may join a kommun's null marker as "".
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const decoded = decodePart(part);
    const own = decoded === undefined ? legacy?.(parseJson(part)) : undefined;
    if (decoded === undefined && !own) throw refuse('is not one this graph gave out');
    if (decoded && decoded.scope !== scope.name) continue;
    if (decoded && decoded.lista !== list.lista) throw refuse(`belongs to the list ${decoded.lista}`);
    if (decoded && decoded.instans !== scope.instans) {
      throw badUserInput(
        `The marker in \`${field}\` was given out by a database of ${scope.name} that has since been restored or replaced; ` +
          `start again with andradeEfter: null and rebuild the copy from that answer.`,
        field,
      );
    }
    if (found) throw refuse(`holds two positions for ${scope.name}`);
    found = own ?? decoded!.position;
  }
  return found;
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function decodePart(part: string): { lista: string; scope: string; instans: string; position: FeedPosition } | undefined {
  const value = parseJson(part);
  if (!Array.isArray(value) || value.length !== 7 || value[0] !== 'f') return undefined;
  const [, lista, scope, instans, xid, ord, n] = value as unknown[];
  if (typeof lista !== 'string' || typeof scope !== 'string' || typeof instans !== 'string') return undefined;
  if (typeof n !== 'string' || n.length > 200) return undefined;
  if (typeof xid !== 'string' || !/^\d{1,20}$/.test(xid) || (ord !== 0 && ord !== 1)) return undefined;
  return { lista, scope, instans, position: { xid, borttagen: ord === 0, n } };
}

/** The later of two positions (null: the beginning). */
export function laterPosition(a: FeedPosition | null, b: FeedPosition | null): FeedPosition | null {
  if (!a || !b) return a ?? b;
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  if (ax !== bx) return ax > bx ? a : b;
  if (a.borttagen !== b.borttagen) return a.borttagen ? b : a;
  // Same transaction and kind: the tie-breaks are keys; bigint keys compare as numbers.
  return /^\d+$/.test(a.n) && /^\d+$/.test(b.n) ? (BigInt(a.n) >= BigInt(b.n) ? a : b) : a.n >= b.n ? a : b;
}
