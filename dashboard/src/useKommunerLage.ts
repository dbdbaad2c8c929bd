import { useEffect, useState } from 'react';
import type { KommunerLage } from './lib/kommunLage';
import { markUpdated } from './session';

export interface KommunerLageResult {
  /** The last answer of GET /kommuner; kept while a later one fails. */
  data: KommunerLage | null;
  /** Why the last read failed, if it did. */
  error: Error | null;
}

/**
 * The kommuner of the graph and their state from the gateway's GET /kommuner (its registry and
 * its background probe), read again every `pollInterval` ms (0: once), so that a kommun
 * registered since the page opened appears without a reload.
 */
export function useKommunerLage(pollInterval: number): KommunerLageResult {
  const [result, setResult] = useState<KommunerLageResult>({ data: null, error: null });
  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const response = await fetch('/kommuner', { headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`Gatewayen svarade ${response.status} på /kommuner`);
        const data = (await response.json()) as KommunerLage;
        if (!active) return;
        setResult({ data, error: null });
        markUpdated(new Date());
      } catch (error) {
        if (active) setResult((last) => ({ data: last.data, error: error as Error }));
      }
      if (!active) return;
      if (pollInterval > 0) timer = setTimeout(() => void read(), pollInterval);
    };
    void read();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [pollInterval]);
  return result;
}
