import type { Caller } from '#platform/auth/caller';
import { parseHandlingMarker, type HandlingLinkTarget } from '#platform/handlingMarker';
import type { HandlingLinks } from './HandlingLinks';

/**
 * Replaces, in place, every link marker a kommun put in its answer (`Handling.url`,
 * `Handlingsregistrering.uppladdningsUrl`) with a link signed for `caller`. A marker names its
 * own kommun, and the link acts only as `caller`, checked again by that kommun when followed: a
 * marker-shaped text elsewhere in an answer gives its reader nothing they could not already do.
 */
export async function signHandlingLinks(data: unknown, caller: Caller | null, links: HandlingLinks): Promise<void> {
  const found: { holder: Record<string, unknown> | unknown[]; key: string | number; target: HandlingLinkTarget }[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => (typeof item === 'string' ? check(value, i, item) : visit(item)));
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        const item = object[key];
        if (typeof item === 'string') check(object, key, item);
        else visit(item);
      }
    }
  };
  const check = (holder: Record<string, unknown> | unknown[], key: string | number, text: string) => {
    const target = parseHandlingMarker(text);
    if (target) found.push({ holder, key, target });
  };
  visit(data);
  await Promise.all(
    found.map(async ({ holder, key, target }) => {
      (holder as Record<string | number, unknown>)[key] = await links.link(target, caller);
    }),
  );
}
