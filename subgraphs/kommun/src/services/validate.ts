import { badUserInput } from '#platform/errors';

/** Input checks shared by the kommun's writes; each refusal names the input field. */

/** A required text: trimmed, not empty, not longer than `max`. */
export function requiredText(value: string, field: string, label: string, max = 1000): string {
  const text = value.trim();
  if (!text) throw badUserInput(`${label} must not be empty.`, field);
  if (text.length > max) throw badUserInput(`${label} is too long: at most ${max} characters, got ${text.length}.`, field);
  return text;
}

/** An optional text: null when absent or blank, else trimmed and not longer than `max`. */
export function optionalText(value: string | null | undefined, field: string, label: string, max = 10000): string | null {
  if (value === null || value === undefined || !value.trim()) return null;
  return requiredText(value, field, label, max);
}

/** A day that has happened: not after today. */
export function notInFuture(datum: string, today: string, field: string, label: string): string {
  if (datum > today) throw badUserInput(`${label} ${datum} is in the future; today is ${today}.`, field);
  return datum;
}
