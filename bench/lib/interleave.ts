/** The median of some numbers (the mean of the middle two when their count is even). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each numeric field the median of the rounds' own; other fields from the first round. */
function medianOf<T extends object>(rounds: readonly T[]): T {
  const out: Record<string, unknown> = { ...(rounds[0] as Record<string, unknown>) };
  for (const [key, value] of Object.entries(rounds[0])) {
    if (typeof value === 'number') out[key] = median(rounds.map((r) => (r as Record<string, number>)[key]));
  }
  return out as T;
}

/**
 * Measures several configurations interleaved, A, B, A, B … for `rounds` rounds, and gives each
 * the median of its rounds: a machine that slows down mid-run hurts every configuration alike,
 * not the one that happened to run last.
 */
export async function interleaved<K extends string, T extends object>(
  rounds: number,
  measures: Record<K, () => Promise<T>>,
  log?: (line: string) => void,
): Promise<Record<K, T>> {
  const seen = Object.fromEntries(Object.keys(measures).map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let round = 1; round <= rounds; round++) {
    for (const key of Object.keys(measures) as K[]) {
      log?.(`  round ${round} of ${rounds}: ${key}`);
      seen[key].push(await measures[key]());
    }
  }
  return Object.fromEntries((Object.keys(seen) as K[]).map((k) => [k, medianOf(seen[k])])) as Record<K, T>;
}
