import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from '#platform/errors';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day in YYYY-MM-DD form (rejects 2021-02-30). */
export function isIsoDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `node`: the value as written in the document, so that the refusal says where (and which field) it is. */
function parseDate(value: unknown, node?: ValueNode): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new GraphQLError(`Date must be a real calendar day written YYYY-MM-DD, got ${JSON.stringify(value)}`, {
      nodes: node,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return value;
}

const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/i;

/** True for an ISO 8601 time of a real day with a time zone (Z or ±hh:mm); rejects 2021-02-30T… and 25:00. */
export function isIsoDateTime(value: string): boolean {
  const match = DATE_TIME_PATTERN.exec(value);
  if (!match) return false;
  const [, day, hh, mm, ss, , zh, zm] = match;
  return (
    isIsoDate(day) &&
    Number(hh) <= 23 &&
    Number(mm) <= 59 &&
    (ss === undefined || Number(ss) <= 59) &&
    (zh === undefined || (Number(zh) <= 23 && Number(zm) <= 59))
  );
}

function parseDateTime(value: unknown, node?: ValueNode): Date {
  if (typeof value !== 'string' || !isIsoDateTime(value)) {
    throw new GraphQLError(
      `DateTime must be an ISO 8601 time of a real day with a time zone, e.g. 2020-11-02T09:00:00Z, got ${JSON.stringify(value)}`,
      { nodes: node, extensions: { code: ErrorCode.BAD_USER_INPUT } },
    );
  }
  return new Date(value);
}

/** Dates travel as YYYY-MM-DD strings end to end; pg is set to return DATE columns as strings. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : parseDateTime(value)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});
