import { badUserInput } from '#platform/errors';

/** Input checks of the kommun's writes beside the shared text checks (#subgraph-kit/requiredText); each refusal names the input field. */

/** A day that has happened: not after today. */
export function notInFuture(datum: string, today: string, field: string, label: string): string {
  if (datum > today) throw badUserInput(`${label} ${datum} is in the future; today is ${today}.`, field);
  return datum;
}

// sv-SE formats as YYYY-MM-DD.
const swedishDays = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' });

/** The calendar day, in Swedish time, of a point in time. */
export function swedishDay(instant: Date): string {
  return swedishDays.format(instant);
}
