import { digestOf } from '#platform/digestOf';
import { type KommunEntry, type KommunRegistry } from '#platform/registry';
import type { KommunSchemaInfo } from './plan/kommunSchema';
import { mergeAnswers } from './plan/mergeAnswers';
import { planOperation } from './plan/planOperation';
import { sendInSpan } from './sending/kommunTelemetry';
import type { KommunCalls } from './sending/kommunCalls';
import { tracingEnabled } from '#platform/telemetry/tracing';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import type { KommunAnswer, KommunCall, KommunRequest, RouterRequest, RouterResponse } from './types';

/** A readiness probe waits at most this long, even for a kommun allowed more time for queries. */
export const PROBE_TIMEOUT_MS = 2000;
const serviceQuery = '{ _service { sdl } }';
const serviceBody = JSON.stringify({ query: serviceQuery, variables: {} });

/**
 * The one place that knows there are several kommuner: it routes each operation sent to the
 * `kommun` subgraph to the kommun instances that hold the data and merges their answers.
 */
export class KommunRouter {
  private registry: KommunRegistry = [];
  private byKod = new Map<string, KommunEntry>();
  private digest = '';

  constructor(
    registry: KommunRegistry,
    /** The kommun schema the router plans by; the gateway's rate limits read its root fields too. */
    readonly schema: KommunSchemaInfo,
    /** Every call to a kommun, through its layers (./kommunCalls.ts), as the host assembled them. */
    private readonly calls: KommunCalls,
  ) {
    this.setRegistry(registry);
  }

  get kommuner(): readonly KommunEntry[] {
    return this.registry;
  }

  /** One kommun's registry entry; undefined when the registry does not hold it. */
  kommun(kommunkod: string): KommunEntry | undefined {
    return this.byKod.get(kommunkod);
  }

  /** After a write that did not go through GraphQL (a document's file): the kommun's kept answers are misses. */
  async wroteTo(kommunkod: string): Promise<void> {
    await this.calls.wrote(kommunkod);
  }

  /** Swaps in a new registry; requests under way finish with the old one. */
  setRegistry(registry: KommunRegistry): void {
    this.registry = registry;
    this.byKod = new Map(registry.map((k) => [k.kommunkod, k]));
    this.digest = digestOf(JSON.stringify(registry));
  }

  /** Changes with the registry: an answer kept under another registry (a kommun since added) is not given. */
  get registryDigest(): string {
    return this.digest;
  }

  async close(): Promise<void> {
    await this.calls.close();
  }

  async execute(request: RouterRequest): Promise<RouterResponse> {
    const byKod = this.byKod;
    const plan = planOperation(request, this.registry, this.schema);
    const { operationType } = plan;
    const traced = tracingEnabled();
    const send = (r: KommunRequest) => {
      const call: KommunCall = {
        kommun: byKod.get(r.kommunkod)!,
        request: r,
        scope: request.scope,
        headers: async () => (await request.headers?.(r.kommunkod)) ?? {},
        recorder: request.recorder,
      };
      return traced ? sendInSpan(this.calls.sender, call) : this.calls.sender.send(call);
    };
    let answers: KommunAnswer[];
    if (operationType === 'mutation') {
      // Writes keep GraphQL's order: one kommun after the other.
      answers = [];
      for (const r of plan.requests) answers.push(await send(r));
    } else {
      // Reads go out to all kommuner at once, the slowest first: the query costs about the
      // slowest kommun (sending/KommunLatencies.ts). Answers keep the plan's order.
      const order = this.calls.latencies.slowestFirst(plan.requests.map((r) => r.kommunkod));
      const sent = new Array<Promise<KommunAnswer>>(plan.requests.length);
      for (const i of order) sent[i] = send(plan.requests[i]);
      answers = await Promise.all(sent);
    }
    const { data, errors } = mergeAnswers(plan, answers);
    return errors.length ? { data, errors } : { data };
  }

  /** Asks one kommun for its schema (`_service { sdl }`), within the probe's own time limit, for /ready. */
  probe(kommun: KommunEntry, headers: () => Promise<Record<string, string>> = async () => ({})): Promise<KommunAnswer> {
    const timeoutMs = Math.min(kommun.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS);
    // Straight to the last layer: a probe is neither kept, merged nor counted as a fetch.
    return this.calls.last.send({
      kommun: { ...kommun, timeoutMs },
      request: { kommunkod: kommun.kommunkod, query: serviceQuery, variables: {}, operationType: 'query', body: serviceBody },
      scope: PUBLIC_SCOPE,
      headers,
    });
  }
}
