import { FeedClock } from '../../gateway/src/oparl/feedClock';
import { legislativeTerms } from '../../gateway/src/oparl/legislativeTerm';
import { OparlUrls } from '../../gateway/src/oparl/oparlUrls';

// The bridge from OParl's modified_since (a time) to the commit-ordered feed (a position): the
// latest point a read had reached before the time, never a later one, up to the latest before now; and the
// mandatperioder derived from kommunallagen.
let now = 0;
const clock = () => new FeedClock(() => now);

it('gives the marker the feed had reached before a time, and the beginning before any', () => {
  const feeds = clock();
  now = 1000;
  feeds.record('2262', 'papers', 'a');
  now = 2000;
  feeds.record('2262', 'papers', 'b');
  expect(feeds.markerBefore('2262', 'papers', 1000)).toBeNull();
  expect(feeds.markerBefore('2262', 'papers', 1001)).toBe('a');
  expect(feeds.markerBefore('2262', 'papers', 2000)).toBe('a');
  expect(feeds.markerBefore('2262', 'papers', 5000)).toBe('b');
  // Another feed or kommun has samples of its own.
  expect(feeds.markerBefore('2262', 'persons', 5000)).toBeNull();
  expect(feeds.markerBefore('2281', 'papers', 5000)).toBeNull();
});

it('keeps the earliest time of a position read again, never lets time run back, and forgets a restored kommun', () => {
  const feeds = clock();
  now = 1000;
  feeds.record('2262', 'papers', 'a');
  now = 3000;
  feeds.record('2262', 'papers', 'a');
  expect(feeds.markerBefore('2262', 'papers', 1500)).toBe('a');
  // A clock stepped back does not put a later position before an earlier one.
  now = 500;
  feeds.record('2262', 'papers', 'b');
  expect(feeds.markerBefore('2262', 'papers', 1000)).toBeNull();
  expect(feeds.markerBefore('2262', 'papers', 1001)).toBe('b');
  feeds.record('2262', 'papers', null);
  expect(feeds.markerBefore('2262', 'papers', 1001)).toBe('b');
  feeds.forget('2262');
  expect(feeds.markerBefore('2262', 'papers', 10_000)).toBeNull();
});

it('thins old samples when full, so that a time maps to an earlier position, never a later one', () => {
  const feeds = clock();
  for (let i = 1; i <= 1000; i++) {
    now = i * 1000;
    feeds.record('2262', 'papers', `m${i}`);
  }
  for (let i = 1; i <= 1000; i += 7) {
    const found = feeds.markerBefore('2262', 'papers', i * 1000);
    if (found !== null) expect(Number(found.slice(1))).toBeLessThan(i);
  }
  expect(feeds.markerBefore('2262', 'papers', 1_000_001)).toBe('m1000');
});

it('bounds a poll by samples at both ends, so that a client passing the time it sent its previous poll starts where that poll ended', () => {
  const feeds = clock();
  // Before any sample (a first contact after a start): from the beginning to the live end.
  now = 500;
  expect(feeds.stretch('2262', 'papers', 0)).toEqual({ after: null, upTo: null });
  now = 1000;
  feeds.record('2262', 'papers', 'a');
  // A lone client: each poll sent at T, arriving at T + 1; its read of the feed sampled at T + 2.
  const poll = (sent: number, since: number, reached: string) => {
    now = sent + 1;
    const stretch = feeds.stretch('2262', 'papers', since);
    now = sent + 2;
    feeds.record('2262', 'papers', reached);
    return stretch;
  };
  expect(poll(1500, 0, 'b')).toEqual({ after: null, upTo: 'a' });
  expect(poll(2000, 1500, 'c')).toEqual({ after: 'a', upTo: 'b' });
  expect(poll(3000, 2000, 'c')).toEqual({ after: 'b', upTo: 'c' });
  expect(poll(4000, 3000, 'd')).toEqual({ after: 'c', upTo: 'c' });
  expect(poll(5000, 4000, 'd')).toEqual({ after: 'c', upTo: 'd' });
  // A poll answered and sampled in the millisecond it was sent: the next starts at its upper end, not past it.
  now = 6000;
  expect(feeds.stretch('2262', 'papers', 5000)).toEqual({ after: 'd', upTo: 'd' });
  feeds.record('2262', 'papers', 'e');
  now = 7000;
  expect(feeds.stretch('2262', 'papers', 6000)).toEqual({ after: 'd', upTo: 'e' });
  // The answer cache's freshness moves both ends back by it.
  expect(feeds.stretch('2262', 'papers', 6000, 1000)).toEqual({ after: 'd', upTo: 'd' });
  expect(feeds.stretch('2262', 'papers', 2500, 1000)).toEqual({ after: 'a', upTo: 'd' });
});

it('derives the mandatperioder from kommunallagen: four years from 15 October of the election year', () => {
  const urls = new OparlUrls('https://graf.example.se');
  const terms = (today: string) => legislativeTerms(urls, '2262', today).map((t) => `${t.startDate}/${t.endDate}`);
  expect(terms('2026-10-14')).toEqual(['2018-10-15/2022-10-14', '2022-10-15/2026-10-14']);
  expect(terms('2026-10-15')).toEqual(['2018-10-15/2022-10-14', '2022-10-15/2026-10-14', '2026-10-15/2030-10-14']);
  expect(terms('2018-10-14')).toEqual([]);
  expect(legislativeTerms(urls, '2262', '2023-01-01')[1]).toMatchObject({
    id: 'https://graf.example.se/oparl/v1/body/2262/legislativeterm/2022',
    type: 'https://schema.oparl.org/1.1/LegislativeTerm',
    body: 'https://graf.example.se/oparl/v1/body/2262',
    name: 'Mandatperiod 2022–2026',
  });
});
