import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import type { KommunEntry, KommunRegistry } from '#platform/registry';
import { KommunClient, type KommunClientOptions } from './kommunClient';
import type { KommunSchemaInfo } from './kommunSchema';
import { mergeAnswers, type KommunAnswer } from './mergeAnswers';
import { routeOperation, type KommunRequest } from './routeOperation';

export type SendToKommun = (
  kommun: KommunEntry,
  request: KommunRequest,
  headers?: Record<string, string>,
) => Promise<KommunAnswer>;

export interface RouterRequest {
  document: DocumentNode;
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  /** Headers for the request to one kommun: the request id, and the internal token for it. */
  headers?: (kommunkod: string) => Record<string, string> | Promise<Record<string, string>>;
}

export interface RouterResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

/**
 * The one place that knows there are several kommuner: it routes each operation sent to the
 * `kommun` subgraph to the kommun instances that hold the data and merges their answers.
 */
export class KommunRouter {
  private registry: KommunRegistry;
  private byKod: Map<string, KommunEntry>;

  readonly client: KommunClient;
  private readonly send: SendToKommun;

  /** `send` replaces HTTP in unit tests; by default requests go through a KommunClient. */
  constructor(
    registry: KommunRegistry,
    private readonly schema: KommunSchemaInfo,
    send?: SendToKommun,
    clientOptions: KommunClientOptions = {},
  ) {
    this.client = new KommunClient(clientOptions);
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
    const plan = routeOperation(
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
}
