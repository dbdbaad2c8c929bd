import { badUserInput } from '#platform/errors';

/** A required text input: trimmed, not empty, not longer than `max`; a refusal names the field. */
export function requiredText(value: string, field: string, label: string, max = 1000): string {
  const text = value.trim();
  if (!text) throw badUserInput(`${label} must not be empty.`, field);
  if (text.length > max) throw badUserInput(`${label} is too long: at most ${max} characters, got ${text.length}.`, field);
  return text;
}

/** An optional text input: null when absent or blank, else trimmed and not longer than `max`. */
export function optionalText(value: string | null | undefined, field: string, label: string, max = 10000): string | null {
  if (value === null || value === undefined || !value.trim()) return null;
  return requiredText(value, field, label, max);
}
