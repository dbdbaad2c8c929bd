import type { KommunRouter } from '../KommunRouter';
import { SchemaCompatibility } from '../plan/schemaCompatibility';

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

export interface KommunerReadiness {
  /** `ready` when every kommun answers with a compatible schema; the router serves either way. */
  status: 'ready' | 'degraded';
  kommuner: KommunReadiness[];
}

/**
 * Asks every kommun for its schema, in parallel, and tells for each whether it answers and
 * whether its schema serves everything `expectedSdl` promises. A kommun that is down makes the
 * router `degraded`, not unready: it still answers with the other kommuner's data.
 */
export function createKommunReadiness(
  router: KommunRouter,
  expectedSdl: string,
  /** Credentials for a probe of one kommun (audience `kommun:<kod>`). */
  headersFor: (audience: string) => Promise<Record<string, string>> = async () => ({}),
): () => Promise<KommunerReadiness> {
  const compatibility = new SchemaCompatibility(expectedSdl);
  return async () => {
    const kommuner = await Promise.all(
      router.kommuner.map(async (kommun): Promise<KommunReadiness> => {
        const started = performance.now();
        const answer = await router.probe(kommun, () => headersFor(`kommun:${kommun.kommunkod}`));
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
    const ready = kommuner.every((k) => k.reachable && k.schema === 'compatible');
    return { status: ready ? 'ready' : 'degraded', kommuner };
  };
}
