import { badUserInput } from '../../../common/src/errors';
import type { ArendePosition } from './repositories/ArendeRepository';

/**
 * Cursors are opaque to clients: base64url of the list position. A cursor that does not decode
 * to a position is refused as bad input, never a server error.
 */
export function encodeCursor(position: ArendePosition): string {
  return Buffer.from(JSON.stringify([position.registrerad, String(position.id)])).toString('base64url');
}

export function decodeCursor(cursor: string): ArendePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(value[0]) &&
      typeof value[1] === 'string' &&
      /^\d{1,18}$/.test(value[1])
    ) {
      return { registrerad: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw badUserInput('The cursor in `after` is not one this list gave out; pass an endCursor from a previous page.', 'after');
}
