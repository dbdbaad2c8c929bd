import { PROBE_TIMEOUT_MS, type KommunerReadiness } from './kommunRouter';
import type { SamverkanSender } from './samverkan/types';

export interface Readiness extends KommunerReadiness {
  /** `ready` when every part answers with a compatible schema; the gateway serves either way. */
  status: 'ready' | 'degraded';
  samverkan: { url: string; reachable: boolean; latencyMs: number | null };
}

const probeBody = JSON.stringify({ query: '{ __typename }' });

/**
 * The gateway's /ready: the kommun router's readiness and a sign of life from the samverkan
 * subgraph, asked in parallel. The HTTP status stays 200 either way: a missing part degrades
 * the graph, it does not stop it.
 */
export function createReadinessCheck(
  kommunReadiness: () => Promise<KommunerReadiness>,
  samverkan: {
    url: string;
    /** The last layer of samverkan's chain alone, with the probe's deadline (subgraphChains' `samverkanProbe`). */
    probe: SamverkanSender;
    /** Credentials for a probe of the samverkan subgraph. */
    headers: () => Promise<Record<string, string>>;
  },
) {
  return async (): Promise<Readiness> => {
    const samverkanState = probeSamverkan(samverkan);
    const kommuner = await kommunReadiness();
    const result = { samverkan: await samverkanState, kommuner: kommuner.kommuner };
    const ready = result.samverkan.reachable && kommuner.status === 'ready';
    return { status: ready ? 'ready' : 'degraded', ...result };
  };
}

/** A probe waits at most PROBE_TIMEOUT_MS, as a kommun's does, even where samverkan is allowed more for queries. */
export const samverkanProbeTimeoutMs = (samverkanTimeoutMs: number) => Math.min(samverkanTimeoutMs, PROBE_TIMEOUT_MS);

async function probeSamverkan({
  url,
  probe,
  headers,
}: Parameters<typeof createReadinessCheck>[1]): Promise<Readiness['samverkan']> {
  const started = performance.now();
  const answer = await probe.send({ body: probeBody, operationType: 'query', scope: 'probe', headers });
  if (!answer.ok) return { url, reachable: false, latencyMs: null };
  return { url, reachable: true, latencyMs: Math.round(performance.now() - started) };
}
