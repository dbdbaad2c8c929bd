import type http from 'node:http';
import { mayReadOperations, type MetricsAccess } from '#platform/telemetry/metrics';
import type { BackgroundProbe } from './backgroundProbe';
import type { KommunerReadiness } from './kommunRouter';

/** What the gateway's or the standalone router's readiness holds: the kommuner's, and samverkan's where there is one. */
type FullReadiness = KommunerReadiness & { samverkan?: { reachable: boolean }; checkedAt: string };

/** What anyone may read at /ready: whether the graph is ready, counts and kommunkoder; no URLs, no error texts. */
export interface PublicReadiness {
  status: 'ready' | 'degraded';
  checkedAt: string;
  kommuner: {
    total: number;
    ready: number;
    /** Kommuner that did not answer the probe. */
    unreachable: string[];
    /** Kommuner that answered with a schema that cannot serve the graph, or without one. */
    incompatible: string[];
  };
  samverkan?: { reachable: boolean };
}

export function publicReadiness(readiness: FullReadiness): PublicReadiness {
  const { kommuner } = readiness;
  return {
    status: readiness.status,
    checkedAt: readiness.checkedAt,
    kommuner: {
      total: kommuner.length,
      ready: kommuner.filter((k) => k.reachable && k.schema === 'compatible').length,
      unreachable: kommuner.filter((k) => !k.reachable).map((k) => k.kommunkod),
      incompatible: kommuner.filter((k) => k.reachable && k.schema !== 'compatible').map((k) => k.kommunkod),
    },
    ...(readiness.samverkan ? { samverkan: { reachable: readiness.samverkan.reachable } } : {}),
  };
}

/**
 * GET /ready from the last background probe: in full (URLs, latencies, error texts, schema
 * problems) to a bearer of the operations token (METRICS_TOKEN; without one, to anyone outside
 * production, as /metrics), else `publicReadiness`. Always HTTP 200: a missing part degrades
 * the graph, it does not stop it.
 */
export function readinessRoute(probe: BackgroundProbe<Omit<FullReadiness, 'checkedAt'>>, access: MetricsAccess) {
  return async (req: http.IncomingMessage) => {
    const readiness = await probe.latest();
    return { status: 200, body: mayReadOperations(req, access) ? readiness : publicReadiness(readiness) };
  };
}
