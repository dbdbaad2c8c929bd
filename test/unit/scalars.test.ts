import { GraphQLError, Kind } from 'graphql';
import { DateScalar, DateTimeScalar, isIsoDate, isIsoDateTime } from '#subgraph-kit/scalars';

describe('Date', () => {
  it.each(['2021-02-28', '2020-02-29', '2000-02-29', '2021-12-31', '1999-01-01'])('accepts the real day %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
    expect(DateScalar.parseValue(value)).toBe(value);
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value })).toBe(value);
  });

  it.each([
    '2021-02-30',
    '2021-02-29',
    '1900-02-29',
    '2021-04-31',
    '2021-13-01',
    '2021-00-10',
    '2021-1-5',
    '20210105',
    '2021-01-05T00:00:00Z',
    '',
  ])('refuses %j as BAD_USER_INPUT', (value) => {
    expect(isIsoDate(value)).toBe(false);
    expect(() => DateScalar.parseValue(value)).toThrow(GraphQLError);
    try {
      DateScalar.parseValue(value);
    } catch (error) {
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses what is not a string', () => {
    expect(() => DateScalar.parseValue(20210101)).toThrow(/YYYY-MM-DD/);
    expect(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '20210101' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('DateTime', () => {
  it.each([
    ['2020-11-02T09:00:00Z', '2020-11-02T09:00:00.000Z'],
    ['2020-11-02T09:00:00.123Z', '2020-11-02T09:00:00.123Z'],
    ['2020-11-02T10:00:00+01:00', '2020-11-02T09:00:00.000Z'],
    ['2020-11-02T09:00Z', '2020-11-02T09:00:00.000Z'],
    ['2020-02-29T23:59:59-05:00', '2020-03-01T04:59:59.000Z'],
  ])('accepts %s as %s', (value, iso) => {
    expect(isIsoDateTime(value)).toBe(true);
    expect((DateTimeScalar.parseValue(value) as Date).toISOString()).toBe(iso);
  });

  it.each([
    '2021-02-30T00:00:00Z',
    '2021-02-29T12:00:00Z',
    '2020-11-02T24:00:00Z',
    '2020-11-02T09:60:00Z',
    '2020-11-02T09:00:61Z',
    '2020-11-02T09:00:00',
    '2020-11-02 09:00:00Z',
    '2020-11-02',
    'yesterday',
  ])('refuses %j as BAD_USER_INPUT', (value) => {
    expect(isIsoDateTime(value)).toBe(false);
    expect(() => DateTimeScalar.parseValue(value)).toThrow(/time zone/);
    try {
      DateTimeScalar.parseValue(value);
    } catch (error) {
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('serialises a stored time as ISO 8601 in UTC', () => {
    expect(DateTimeScalar.serialize(new Date('2020-11-02T09:00:00.123Z'))).toBe('2020-11-02T09:00:00.123Z');
  });
});
