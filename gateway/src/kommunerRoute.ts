import type { KommunEntry } from '#platform/registry';
import { lanskodOf } from '#platform/registry';
import type { BackgroundProbe } from './backgroundProbe';
import type { KommunerReadiness } from './kommunRouter';

/** One kommun as anyone may read it at /kommuner: who it is and what the last probe found; no URL, no error text. */
export interface KommunLage {
  kommunkod: string;
  namn: string;
  lan: { kod: string; namn: string };
  /** Whether it answered the last probe; null while no probe has asked it yet (it joined since). */
  reachable: boolean | null;
  /** Whether its schema serves everything the graph promises; null while unknown (not asked, or not answering). */
  schemaCompatible: boolean | null;
  /** When the probe that found `reachable` ended; null while not asked. */
  checkedAt: string | null;
}

export interface KommunerLage {
  /** When the last probe ended. */
  checkedAt: string;
  kommuner: KommunLage[];
}

/**
 * The kommuner of the registry as it is now, each with what the gateway's last background probe
 * found: a kommun registered a minute ago is listed before the probe has asked it. Built from
 * the probe's fields, never from its error texts, so it is safe for anyone to read.
 */
export function kommunerLage(registry: readonly KommunEntry[], probe: KommunerReadiness & { checkedAt: string }): KommunerLage {
  const probed = new Map(probe.kommuner.map((k) => [k.kommunkod, k]));
  return {
    checkedAt: probe.checkedAt,
    kommuner: registry.map((entry) => {
      const found = probed.get(entry.kommunkod);
      return {
        kommunkod: entry.kommunkod,
        namn: entry.namn,
        lan: { kod: lanskodOf(entry), namn: entry.lan },
        reachable: found ? found.reachable : null,
        schemaCompatible: found?.reachable ? found.schema === 'compatible' : null,
        checkedAt: found ? probe.checkedAt : null,
      };
    }),
  };
}

/**
 * GET /kommuner for everyone (the dashboard's "Kommunernas läge"): the registry and the last
 * background probe, so that however many ask, no kommun is asked more than once per interval.
 * Charged at the front like /ready; URLs and error texts stay with /ready's operations token.
 */
export function kommunerRoute(probe: BackgroundProbe<KommunerReadiness>, registry: () => readonly KommunEntry[]) {
  return async () => ({ status: 200, body: kommunerLage(registry(), await probe.latest()) });
}
