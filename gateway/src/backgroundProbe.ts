/**
 * A probe run in the background, once per interval, however many ask for its result: /ready
 * answers from the last probe, so that callers (a load balancer, or someone hammering it)
 * never make the service ask every part again.
 */
export interface BackgroundProbe<T> {
  /** The last probe's result; the first call starts the probing and waits for the first result. */
  latest(): Promise<T & { checkedAt: string }>;
  stop(): void;
}

/**
 * Probing starts with the first call of `latest()`, not at start: a service that nobody asks
 * for its readiness does not call its parts every interval.
 */
export function startBackgroundProbe<T>(probe: () => Promise<T>, intervalMs: number): BackgroundProbe<T> {
  let last: Promise<T & { checkedAt: string }> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = () => {
    const next = probe().then((result) => ({ ...result, checkedAt: new Date().toISOString() }));
    // The next probe starts an interval after this one ends: never two at once. Until this one
    // ends, callers keep the last result.
    void next
      .catch(() => undefined)
      .then(() => {
        if (stopped) return;
        last = next;
        timer = setTimeout(run, intervalMs).unref();
      });
    return next;
  };
  return {
    latest: () => (last ??= run()),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
