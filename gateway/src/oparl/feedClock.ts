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
 * committed late included.
 *
 * A poll with `modified_since = T` arriving at A answers the stretch from the latest sample
 * before T to the latest sample before A (`stretch`), not to the feed's live end. A client that
 * passes the time it sent its previous poll thus starts where that poll ended (the same sample,
 * unless one was taken between its sending and its arrival): each change once, a late commit in a
 * later poll. The price: a change is shown in the poll after the first one that could, once a
 * read has sampled past it. "Before", not "at or before": a sample taken in the millisecond a
 * poll was sent is after that poll's own stretch.
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

  /** The marker of the latest sample taken before `time`: null for none (the beginning). */
  markerBefore(kommunkod: string, feed: string, time: number): string | null {
    const list = this.samples.get(`${kommunkod}/${feed}`) ?? [];
    let found: string | null = null;
    for (const sample of list) {
      if (sample.at >= time) break;
      found = sample.marker;
    }
    return found;
  }

  /**
   * The stretch of a feed a poll with `modified_since = since` answers now: the changes after
   * `after` (null: from the beginning) up to and including `upTo` (null: the feed's live end, when
   * no sample was taken before now). Both times less `reach` (ms), how old an answer of the feed
   * may be when it is given as fresh.
   */
  stretch(kommunkod: string, feed: string, since: number, reach = 0): { after: string | null; upTo: string | null } {
    return {
      after: this.markerBefore(kommunkod, feed, since - reach),
      upTo: this.markerBefore(kommunkod, feed, this.now() - reach),
    };
  }

  /** The kommun's database was restored or replaced: its markers mean nothing any more. */
  forget(kommunkod: string): void {
    for (const key of [...this.samples.keys()]) if (key.startsWith(`${kommunkod}/`)) this.samples.delete(key);
  }
}
