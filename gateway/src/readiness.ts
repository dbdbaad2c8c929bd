import type { KommunRouter } from './kommunRouter/KommunRouter';
import { SchemaCompatibility } from './kommunRouter/schemaCompatibility';

const PROBE_TIMEOUT_MS = 2000;
const serviceQuery = '{ _service { sdl } }';

export interface KommunReadiness {
  kommunkod: string;
  namn: string;
  url: string;
  reachable: boolean;
  latencyMs: number | null;
  schema: 'compatible' | 'incompatible' | 'unknown';
  problems?: string[];
  error?: string;
}

export interface Readiness {
  /** `ready` when every part answers with a compatible schema; the gateway serves either way. */
  status: 'ready' | 'degraded';
  samverkan: { url: string; reachable: boolean; latencyMs: number | null };
  kommuner: KommunReadiness[];
}

/**
 * Asks every kommun for its schema and the samverkan subgraph for a sign of life, in parallel.
 * A kommun that is down makes the gateway `degraded`, not unready: it still answers with the
 * other kommuner's data, so /ready stays 200 and tells which kommun is missing.
 */
export function createReadinessCheck(
  router: KommunRouter,
  samverkanUrl: string,
  expectedSdl: string,
  /** Credentials for a probe of one subgraph (`kommun:<kod>` or `samverkan`). */
  headersFor: (audience: string) => Promise<Record<string, string>> = async () => ({}),
) {
  const compatibility = new SchemaCompatibility(expectedSdl);
  return async (): Promise<Readiness> => {
    const kommuner = Promise.all(
      router.kommuner.map(async (kommun): Promise<KommunReadiness> => {
        const started = performance.now();
        const answer = await router.client.send(
          { ...kommun, timeoutMs: Math.min(kommun.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS) },
          { kommunkod: kommun.kommunkod, query: serviceQuery, variables: {} },
          await headersFor(`kommun:${kommun.kommunkod}`),
        );
        const latencyMs = Math.round(performance.now() - started);
        const base = { kommunkod: kommun.kommunkod, namn: kommun.namn, url: kommun.url };
        if (!answer.ok) return { ...base, reachable: false, latencyMs: null, schema: 'unknown', error: answer.error.message };
        const sdl = (answer.data?._service as { sdl?: unknown } | undefined)?.sdl;
        if (typeof sdl !== 'string')
          return { ...base, reachable: true, latencyMs, schema: 'unknown', error: 'no _service { sdl } in its answer' };
        const { compatible, problems } = compatibility.check(sdl);
        return {
          ...base,
          reachable: true,
          latencyMs,
          schema: compatible ? 'compatible' : 'incompatible',
          ...(compatible ? {} : { problems }),
        };
      }),
    );
    const samverkan = headersFor('samverkan').then((headers) => probe(samverkanUrl, headers));
    const result = { samverkan: await samverkan, kommuner: await kommuner };
    const ready = result.samverkan.reachable && result.kommuner.every((k) => k.reachable && k.schema === 'compatible');
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
