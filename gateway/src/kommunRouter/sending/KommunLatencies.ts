/** Weight of the newest call in a kommun's running mean: a kommun that turns slow is sent to early within a few views. */
const NEWEST_WEIGHT = 0.2;

/**
 * How long each kommun has lately taken to answer, so that a fan-out asks the slowest first.
 * One thread sends a view's requests one after the other, so the last of 290 leaves the gateway
 * several milliseconds after the first; a view ends when its slowest kommun answers, and a slow
 * kommun asked last adds that whole send phase to the view. Asked first, its wait overlaps the
 * sends to the others. Fed by the telemetry layer, which times only calls that went over HTTP
 * (kept and merged answers say nothing of a kommun's network); a timeout counts as its deadline.
 * Only the order of a read's sends changes: answers still merge in the plan's order, and writes
 * still go one kommun after the other.
 */
export class KommunLatencies {
  private readonly seconds = new Map<string, number>();

  observe(kommunkod: string, seconds: number): void {
    const mean = this.seconds.get(kommunkod);
    this.seconds.set(kommunkod, mean === undefined ? seconds : mean + NEWEST_WEIGHT * (seconds - mean));
  }

  /**
   * The indexes of `kommunkoder`, slowest kommun first. A kommun not yet heard from goes first
   * (it may be the slowest); equals keep their order, so a router that has called no one sends
   * in the plan's order.
   */
  slowestFirst(kommunkoder: readonly string[]): number[] {
    const expected = kommunkoder.map((kod) => this.seconds.get(kod) ?? Infinity);
    return expected.map((_, i) => i).sort((a, b) => expected[b] - expected[a] || a - b);
  }
}
