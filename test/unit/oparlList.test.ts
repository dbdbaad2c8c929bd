import { oparlListPage } from '../../gateway/src/oparl/oparlList';
import type { OparlObject } from '../../gateway/src/oparl/oparlObject';
import { oparlListProblems, oparlObjectProblems } from '../helpers/oparlChecks';

// One page of an OParl list: stable order, paging with `next` on every page but the last, the
// filters kept in every link, deleted objects only with modified_since. And the checks the e2e
// walk applies find what breaks the specification.
const LIST = 'https://graf.example.se/oparl/v1/body/2262/papers';
const paper = (n: number, modified: string): OparlObject => ({
  id: `https://graf.example.se/oparl/v1/body/2262/paper/KS%202020%2F${n}`,
  type: 'https://schema.oparl.org/1.1/Paper',
  modified,
});
const live = [paper(3, '2026-01-03T00:00:00Z'), paper(1, '2026-01-01T00:00:00Z'), paper(2, '2026-01-02T00:00:00Z')];
const deleted = [{ ...paper(4, '2026-01-04T00:00:00Z'), deleted: true }];
const page = (query: string) => oparlListPage(LIST, new URLSearchParams(query), live, deleted);

it('pages in a stable order, with next on every page but the last and the filters kept', () => {
  const first = page('limit=2&modified_until=2026-01-03T00:00:00Z');
  expect(first.data.map((p) => p.id.slice(-1))).toEqual(['1', '2']);
  expect(first.pagination).toEqual({ totalElements: 3, elementsPerPage: 2, currentPage: 1, totalPages: 2 });
  expect(first.links.next).toBe(
    `${LIST}?modified_until=2026-01-03T00%3A00%3A00Z&limit=2&page=2&after=${encodeURIComponent(live[2].id)}`,
  );
  const second = oparlListPage(LIST, new URL(first.links.next!).searchParams, live, deleted);
  expect(second.data.map((p) => p.id.slice(-1))).toEqual(['3']);
  expect(second.links.next).toBeUndefined();
  for (const p of [first, second]) expect(oparlListProblems(p, LIST)).toEqual([]);
});

it('goes on after the last object shown, so that one deleted meanwhile shifts none past the client', () => {
  const first = page('limit=2');
  expect(first.data.map((p) => p.id.slice(-1))).toEqual(['1', '2']);
  // Paper 1 is deleted before the client asks for the next page: paper 3 is still on it.
  const next = oparlListPage(LIST, new URL(first.links.next!).searchParams, live.slice(0, 1).concat(live.slice(2)), deleted);
  expect(next.data.map((p) => p.id.slice(-1))).toEqual(['3']);
  expect(next.links.next).toBeUndefined();
});

it('shows deleted objects only with modified_since, and narrows by it', () => {
  expect(page('').data.some((p) => p.deleted)).toBe(false);
  expect(page('modified_since=2026-01-02T12:00:00%2B01:00').data.map((p) => p.id.slice(-1))).toEqual(['3', '4']);
});

it('narrows by created, and lists none whose created is not known once a created bound is given', () => {
  const made = [{ ...paper(5, '2026-01-05T00:00:00Z'), created: '2026-01-05T00:00:00Z' }, ...live];
  const created = (query: string) =>
    oparlListPage(LIST, new URLSearchParams(query), made, deleted).data.map((p) => p.id.slice(-1));
  expect(created('created_since=2026-01-01T00:00:00Z')).toEqual(['5']);
  expect(created('created_until=2026-01-01T00:00:00Z')).toEqual([]);
  expect(created('')).toEqual(['1', '2', '3', '5']);
});

it('leaves modified_since to the reader that applied it from the feed, and keeps the other filters', () => {
  // A change that committed late carries an earlier `modified` than the time asked for.
  const fromFeed = (query: string) =>
    oparlListPage(LIST, new URLSearchParams(query), live, deleted, { sinceApplied: true }).data.map((p) => p.id.slice(-1));
  expect(fromFeed('modified_since=2026-01-02T12:00:00Z')).toEqual(['1', '2', '3', '4']);
  expect(fromFeed('modified_since=2026-01-02T12:00:00Z&modified_until=2026-01-02T00:00:00Z')).toEqual(['1', '2']);
  expect(fromFeed('')).toEqual(['1', '2', '3']);
});

it('refuses a filter that is not a date-time with its zone', () => {
  expect(() => page('created_since=2026-01-01')).toThrow(/date-time/);
  expect(() => page('page=0')).toThrow(/positive/);
});

it('finds what breaks OParl: a missing required field, a URL that is not one, a page without next', () => {
  expect(oparlObjectProblems({ id: 'x', type: 'https://schema.oparl.org/1.1/File' })).toEqual([
    'x: File lacks accessUrl',
    'x: File.id is not url: "x"',
  ]);
  const broken = { ...page('limit=1'), links: { self: LIST } };
  expect(oparlListProblems(broken, LIST)).toEqual([`${LIST}: page 1 of 3 has no next`]);
});
