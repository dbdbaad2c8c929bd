import { PROBE_TIMEOUT_MS, type KommunerReadiness } from './kommunRouter';

export interface Readiness extends KommunerReadiness {
  /** `ready` when every part answers with a compatible schema; the gateway serves either way. */
  status: 'ready' | 'degraded';
  samverkan: { url: string; reachable: boolean; latencyMs: number | null };
}

/**
 * The gateway's /ready: the kommun router's readiness and a sign of life from the samverkan
 * subgraph, asked in parallel. The HTTP status stays 200 either way: a missing part degrades
 * the graph, it does not stop it.
 */
export function createReadinessCheck(
  kommunReadiness: () => Promise<KommunerReadiness>,
  samverkanUrl: string,
  /** Credentials for a probe of the samverkan subgraph. */
  samverkanHeaders: () => Promise<Record<string, string>> = async () => ({}),
) {
  return async (): Promise<Readiness> => {
    const samverkan = samverkanHeaders().then((headers) => probe(samverkanUrl, headers));
    const kommuner = await kommunReadiness();
    const result = { samverkan: await samverkan, kommuner: kommuner.kommuner };
    const ready = result.samverkan.reachable && kommuner.status === 'ready';
    return { status: ready ? 'ready' : 'degraded', ...result };
  };
}

async function probe(url: string, headers: Record<string, string>): Promise<Readiness['samverkan']> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.text();
    return { url, reachable: response.ok, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { url, reachable: false, latencyMs: null };
  }
}
