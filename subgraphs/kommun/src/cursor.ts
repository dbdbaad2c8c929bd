import { badUserInput } from '#platform/errors';
import type { ArendePosition } from './repositories/ArendeRepository';

/**
 * Cursors are opaque to clients: base64url of the list position. Besides commit order (whose
 * markers are the sync feed's, see `#subgraph-kit/changeFeed`) the ärenden have two orders:
 * newest registered first, and oldest change first with `uppdateradSedan`. A cursor names its
 * order, and one that does not decode to a position of the list asked for is refused as bad
 * input, never a server error.
 */
export function encodeCursor(position: ArendePosition): string {
  const value =
    position.kind === 'registrerad'
      ? [position.registrerad, String(position.id)]
      : ['u', position.uppdaterad, String(position.id)];
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor of the `kind` order, given in the argument `field` (named in the refusal). */
export function decodeCursor<K extends ArendePosition['kind']>(
  cursor: string,
  kind: K,
  field?: string,
): Extract<ArendePosition, { kind: K }>;
export function decodeCursor(cursor: string, kind: ArendePosition['kind'], field = 'after'): ArendePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      const isId = (v: string) => /^\d{1,18}$/.test(v);
      if (kind === 'registrerad' && value.length === 2 && /^\d{4}-\d{2}-\d{2}$/.test(value[0]) && isId(value[1])) {
        return { kind, registrerad: value[0], id: value[1] };
      }
      if (
        kind === 'uppdaterad' &&
        value.length === 3 &&
        value[0] === 'u' &&
        !Number.isNaN(Date.parse(value[1])) &&
        /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value[1]) &&
        isId(value[2])
      ) {
        return { kind, uppdaterad: value[1], id: value[2] };
      }
    }
  } catch {
    // Falls through to the error below.
  }
  throw badUserInput(
    `The cursor in \`${field}\` is not one this list gave out; pass an endCursor from a previous page of the same list.`,
    field,
  );
}
