import { ErrorCode } from '#platform/errors';
import { HttpError } from '#platform/http/httpUtils';
import type { OparlObject } from './oparlObject';

/** Objects per page unless `limit` asks for fewer. */
export const ELEMENTS_PER_PAGE = 100;
const FILTERS = ['created_since', 'created_until', 'modified_since', 'modified_until'] as const;
/** A full date-time with a zone, as OParl's filters take (RFC 3339). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function positiveInteger(params: URLSearchParams, name: string, fallback: number): number {
  const given = params.get(name);
  if (given === null) return fallback;
  if (!/^[1-9]\d{0,5}$/.test(given))
    throw new HttpError(400, `${name} must be a positive whole number`, ErrorCode.BAD_USER_INPUT);
  return Number(given);
}

type Bounds = Record<(typeof FILTERS)[number], number | undefined>;

/** OParl's filters of a list request, as times (ms); a malformed one is a 400 BAD_USER_INPUT. */
export function listFilters(params: URLSearchParams): Bounds {
  return Object.fromEntries(
    FILTERS.map((name) => {
      const given = params.get(name);
      if (given === null) return [name, undefined];
      const time = Date.parse(given);
      if (!DATE_TIME.test(given) || Number.isNaN(time))
        throw new HttpError(
          400,
          `${name} must be a date-time with its zone, e.g. 2020-01-01T00:00:00+01:00`,
          ErrorCode.BAD_USER_INPUT,
        );
      return [name, time];
    }),
  ) as Bounds;
}

/** Whether a time field is within the bounds: one that is not known is not, once a bound is given. */
function within(value: string | undefined, since?: number, until?: number) {
  if (since === undefined && until === undefined) return true;
  if (value === undefined) return false;
  const time = Date.parse(value);
  return (since === undefined || time >= since) && (until === undefined || time <= until);
}

/**
 * One page of an external object list as OParl 1.1 has it: the filters on `created` and
 * `modified` (deleted objects only with `modified_since`), in a stable order (by id), with
 * `pagination` and `links` that keep the filters. With `sinceApplied`, the objects given are
 * already those changed since `modified_since` (read from the commit-ordered feed, so some may
 * carry an earlier `modified`: a change that committed late), and that filter is not applied again.
 */
export function oparlListPage(
  listUrl: string,
  params: URLSearchParams,
  live: OparlObject[],
  deleted: OparlObject[],
  options: { sinceApplied?: boolean } = {},
) {
  const bounds = listFilters(params);
  const modifiedSince = options.sinceApplied ? undefined : bounds.modified_since;
  const objects = [...live, ...(bounds.modified_since === undefined ? [] : deleted)]
    .filter(
      (o) =>
        within(o.created, bounds.created_since, bounds.created_until) && within(o.modified, modifiedSince, bounds.modified_until),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const perPage = Math.min(positiveInteger(params, 'limit', ELEMENTS_PER_PAGE), ELEMENTS_PER_PAGE);
  const totalPages = Math.max(1, Math.ceil(objects.length / perPage));
  const page = positiveInteger(params, 'page', 1);
  // `next` goes on after the last id shown, not to an offset: an object deleted (or one that
  // leaves the list) between two pages would else shift one the client never sees.
  const after = params.get('after');
  const start = after === null ? (page - 1) * perPage : objects.findIndex((o) => o.id > after);
  const shown = start < 0 ? [] : objects.slice(start, start + perPage);
  const more = start >= 0 && start + perPage < objects.length;
  const pageUrl = (n: number, afterId?: string) => {
    const query = new URLSearchParams();
    for (const name of [...FILTERS, 'limit', 'omit_internal']) {
      const given = params.get(name);
      if (given !== null) query.set(name, given);
    }
    if (n > 1) query.set('page', String(n));
    if (afterId !== undefined) query.set('after', afterId);
    const text = query.toString();
    return text ? `${listUrl}?${text}` : listUrl;
  };
  const omitInternal = params.get('omit_internal') === 'true';
  return {
    data: shown.map((o) => (omitInternal ? withoutInternal(o) : o)),
    pagination: { totalElements: objects.length, elementsPerPage: perPage, currentPage: page, totalPages },
    links: {
      first: pageUrl(1),
      ...(page > 1 ? { prev: pageUrl(Math.min(page - 1, totalPages)) } : {}),
      self: pageUrl(page, after ?? undefined),
      ...(more ? { next: pageUrl(page + 1, shown.at(-1)!.id) } : {}),
      last: pageUrl(totalPages),
    },
  };
}

/** The internal lists `omit_internal` leaves out (OParl 1.1). */
const INTERNAL = ['auxiliaryFile', 'location', 'membership', 'agendaItem', 'legislativeTerm'];
function withoutInternal(object: OparlObject): OparlObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !INTERNAL.includes(key))) as OparlObject;
}
