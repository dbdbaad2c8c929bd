import {
  arOverklagbar,
  arVardag,
  easterSunday,
  overklagandetidSlutar,
  tidigastMojligaAnslagsdag,
} from '../../subgraphs/kommun/src/overklagandetid';

describe('overklagandetidSlutar: three weeks from the anslagsdag (KL 13 kap. 5 §)', () => {
  it.each([
    ['an ordinary Monday', '2020-03-02', '2020-03-23'],
    ['across a month end', '2021-01-20', '2021-02-10'],
    ['across a year end', '2020-12-14', '2021-01-04'],
    ['across 29 February of a leap year', '2020-02-10', '2020-03-02'],
    ['across February of a common year', '2021-02-10', '2021-03-03'],
  ])('%s: posted %s, the last day is %s', (_what, anslagsdag, slutar) => {
    expect(overklagandetidSlutar(anslagsdag)).toBe(slutar);
  });
});

describe('overklagandetidSlutar: a last day that is no weekday moves to the next weekday (lag 1930:173)', () => {
  it.each([
    ['a Saturday, to Monday', '2020-03-07', '2020-03-30'],
    ['julafton, past juldagen and a weekend', '2020-12-03', '2020-12-28'],
    ['nyårsafton, past nyårsdagen and a weekend into the next year', '2021-12-10', '2022-01-03'],
    ['långfredagen, past Easter to the Tuesday after annandag påsk', '2021-03-12', '2021-04-06'],
    ['midsommarafton, past midsommardagen', '2021-06-04', '2021-06-28'],
    ['Kristi himmelsfärdsdag', '2021-04-22', '2021-05-14'],
    ['nationaldagen on a Monday', '2022-05-16', '2022-06-07'],
  ])('%s: posted %s, the last day is %s', (_what, anslagsdag, slutar) => {
    expect(overklagandetidSlutar(anslagsdag)).toBe(slutar);
  });

  it('knows Easter Sunday of several years', () => {
    expect(['2019', '2020', '2021', '2024', '2025'].map((y) => easterSunday(Number(y)))).toEqual([
      '2019-04-21',
      '2020-04-12',
      '2021-04-04',
      '2024-03-31',
      '2025-04-20',
    ]);
  });

  it('tells weekdays from Saturdays, Sundays, helgdagar and the three aftnar', () => {
    expect(arVardag('2020-12-23')).toBe(true);
    expect(
      ['2020-12-24', '2020-12-25', '2020-12-26', '2020-12-31', '2021-01-01', '2021-01-06', '2021-11-06'].map(arVardag),
    ).toEqual([false, false, false, false, false, false, false]);
    // Alla helgons dag is a Saturday; the Friday before it is a weekday.
    expect(arVardag('2021-11-05')).toBe(true);
  });
});

describe('arOverklagbar', () => {
  it('is true from the anslagsdag through the last day, both included, and false outside', () => {
    expect(arOverklagbar('2020-03-02', '2020-03-01')).toBe(false);
    expect(arOverklagbar('2020-03-02', '2020-03-02')).toBe(true);
    expect(arOverklagbar('2020-03-02', '2020-03-23')).toBe(true);
    expect(arOverklagbar('2020-03-02', '2020-03-24')).toBe(false);
  });

  it('never lets the coarse database bound leave out an open window', () => {
    for (
      let day = new Date('2020-01-01T00:00:00Z');
      day < new Date('2023-01-01T00:00:00Z');
      day.setUTCDate(day.getUTCDate() + 1)
    ) {
      const dag = day.toISOString().slice(0, 10);
      expect(overklagandetidSlutar(dag) >= dag).toBe(true);
      const bound = tidigastMojligaAnslagsdag(overklagandetidSlutar(dag));
      expect(bound <= dag).toBe(true);
    }
  });
});
