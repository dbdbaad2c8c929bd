import type { KommunEntry, KommunRegistry } from '#platform/registry';
import { KommunClient } from './kommunClient';
import type { KommunSchemaInfo } from './kommunSchema';
import { mergeAnswers } from './mergeAnswers';
import { planOperation } from './planOperation';
import type { KommunAnswer, KommunRequest, RouterRequest, RouterResponse, SendToKommun } from './types';

/** A probe waits at most this long, even for a kommun allowed more time for queries. */
const PROBE_TIMEOUT_MS = 2000;
const serviceQuery = '{ _service { sdl } }';
const serviceBody = JSON.stringify({ query: serviceQuery, variables: {} });

/**
 * The one place that knows there are several kommuner: it routes each operation sent to the
 * `kommun` subgraph to the kommun instances that hold the data and merges their answers.
 */
export class KommunRouter {
  private registry: KommunRegistry;
  private byKod: Map<string, KommunEntry>;
  private readonly client = new KommunClient();
  private readonly send: SendToKommun;

  /** `send` replaces HTTP in unit tests; by default requests go through a KommunClient. */
  constructor(
    registry: KommunRegistry,
    private readonly schema: KommunSchemaInfo,
    send?: SendToKommun,
  ) {
    this.send = send ?? ((kommun, request, headers) => this.client.send(kommun, request, headers));
    this.registry = registry;
    this.byKod = new Map(registry.map((k) => [k.kommunkod, k]));
  }

  get kommuner(): readonly KommunEntry[] {
    return this.registry;
  }

  /** Swaps in a new registry; requests under way finish with the old one. */
  setRegistry(registry: KommunRegistry): void {
    this.registry = registry;
    this.byKod = new Map(registry.map((k) => [k.kommunkod, k]));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async execute(request: RouterRequest): Promise<RouterResponse> {
    const byKod = this.byKod;
    const plan = planOperation(
      request,
      this.registry.map((k) => k.kommunkod),
      this.schema,
    );
    const send = async (r: KommunRequest) => this.send(byKod.get(r.kommunkod)!, r, await request.headers?.(r.kommunkod));
    let answers: KommunAnswer[];
    if (plan.operationType === 'mutation') {
      // Writes keep GraphQL's order: one kommun after the other.
      answers = [];
      for (const r of plan.requests) answers.push(await send(r));
    } else {
      // Reads go out to all kommuner at once: the query costs about the slowest kommun.
      answers = await Promise.all(plan.requests.map(send));
    }
    const { data, errors } = mergeAnswers(plan, answers);
    return errors.length ? { data, errors } : { data };
  }

  /** Asks one kommun for its schema (`_service { sdl }`), within the probe's own time limit, for /ready. */
  probe(kommun: KommunEntry, headers?: Record<string, string>): Promise<KommunAnswer> {
    const timeoutMs = Math.min(kommun.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS);
    return this.send(
      { ...kommun, timeoutMs },
      { kommunkod: kommun.kommunkod, query: serviceQuery, variables: {}, body: serviceBody },
      headers,
    );
  }
}
