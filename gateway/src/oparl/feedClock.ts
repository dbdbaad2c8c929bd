/** Samples kept per kommun and feed; the older half is thinned when full (fewer samples only repeat more). */
const SAMPLES_PER_FEED = 256;

interface Sample {
  /** When, by this gateway's clock, a read of the feed had reached `marker`. */
  at: number;
  marker: string;
}

/**
 * Where each kommun's sync feeds stood at which time, by this gateway's clock: the bridge from
 * OParl's `modified_since` (a time) to the commit-ordered feed (a position).
 *
 * A sample is taken when a read of a feed has reached its end: `marker` is the `andringsmarkor`
 * of its last page, `at` a time after that page was answered. The feed holds back every change
 * until no older transaction can still commit, so a read that began after `at` saw at least
 * everything up to `marker`; what it did not see is after it, a change stamped early but
 * committed late included. So a poll with `modified_since = T`, read from the latest sample at
 * or before T, misses nothing that a poll begun at or after T left out. It may repeat what such
 * a poll showed (what changed between the sample and that poll); with no sample at or before T,
 * it reads the feed from the beginning.
 *
 * Kept in this process: another replica or a restart has samples of its own or none, which only
 * widens what a poll repeats, never what it misses.
 */
export class FeedClock {
  private readonly samples = new Map<string, Sample[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A read of `feed` of `kommunkod` has reached `marker` (null: the feed is empty). */
  record(kommunkod: string, feed: string, marker: string | null): void {
    if (!marker) return;
    const key = `${kommunkod}/${feed}`;
    const list = this.samples.get(key) ?? [];
    const last = list.at(-1);
    // The same position again: the earlier sample already stands for it, from an earlier time.
    if (last?.marker === marker) return;
    list.push({ at: Math.max(this.now(), last?.at ?? 0), marker });
    if (list.length > SAMPLES_PER_FEED) {
      const half = SAMPLES_PER_FEED / 2;
      const older = list.splice(0, half).filter((_, i) => i % 2 === 1);
      list.unshift(...older);
    }
    this.samples.set(key, list);
  }

  /** The marker a poll with `modified_since = time` starts after: null for the beginning. */
  markerAt(kommunkod: string, feed: string, time: number): string | null {
    const list = this.samples.get(`${kommunkod}/${feed}`) ?? [];
    let found: string | null = null;
    for (const sample of list) {
      if (sample.at > time) break;
      found = sample.marker;
    }
    return found;
  }

  /** The kommun's database was restored or replaced: its markers mean nothing any more. */
  forget(kommunkod: string): void {
    for (const key of [...this.samples.keys()]) if (key.startsWith(`${kommunkod}/`)) this.samples.delete(key);
  }
}
