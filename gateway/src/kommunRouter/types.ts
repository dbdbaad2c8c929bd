import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import type { KommunEntry } from '#platform/registry';
import type { Sender } from '../subgraphCalls';
import type { SumShape } from './plan/addUpSums';

/** How one root field of the operation is answered. */
export type FieldRoute =
  | { kind: 'local'; responseKey: string; value: unknown }
  /** Answered by exactly the `targets`; a single object takes the first non-null answer. */
  | { kind: 'single'; responseKey: string; targets: string[] }
  /** A list: the targets' lists concatenated in registry order. */
  | { kind: 'list'; responseKey: string; targets: string[] }
  /** A sum (`@summeras`): the targets' objects added up per key, as the shape of the selection says. */
  | { kind: 'sum'; responseKey: string; targets: string[]; shape: SumShape }
  /** `_entities`: each kommun gets its own representations; answers go back to their indexes. */
  | { kind: 'entities'; responseKey: string; targets: string[]; count: number; indexes: Map<string, number[]> };

/** One request to one kommun instance. */
export interface KommunRequest {
  kommunkod: string;
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  /**
   * From the plan. A write is never shared between callers nor answered from the cache, and a
   * failed write is told apart from a failed read without parsing the query again.
   */
  operationType: 'query' | 'mutation';
  /**
   * The JSON body sent to the kommun. A fan-out of the same operation and variables to many
   * kommuner serialises it once: every request of it holds the same string.
   */
  body: string;
}

export interface RoutePlan {
  operationType: 'query' | 'mutation';
  fields: FieldRoute[];
  requests: KommunRequest[];
  /** Refusals found while routing (unknown kommunkod), with paths into the answer. */
  errors: GraphQLFormattedError[];
}

/** What one kommun answered, or why it did not. */
export type KommunAnswer =
  | {
      kommunkod: string;
      ok: true;
      data?: Record<string, unknown> | null;
      errors?: readonly GraphQLFormattedError[];
      /**
       * The kommun's body as it came, where it held `data` and `errors` only: what the answer
       * cache keeps, instead of serialising the parsed answer again.
       */
      json?: string;
    }
  | { kommunkod: string; ok: false; error: GraphQLFormattedError };

/** One request to one kommun as it passes through the layers of the router's send. */
export interface KommunCall {
  kommun: KommunEntry;
  request: KommunRequest;
  /** What the caller may see (`accessScopeOf`): an answer is shared only within one scope. */
  scope: string;
  /** The call's headers (request id, internal token), worked out only by the layer that sends it. */
  headers(): Promise<Record<string, string>>;
  /** Told by the answer cache how long the kommun's answer holds (the gateway's whole-answer cache). */
  recorder?: AnswerRecorder;
  /**
   * The kommun's generation the answer cache looked the read up under: a read after a write
   * (a later generation) does not join a fetch that began before it.
   */
  generation?: number;
}

/**
 * What the answer cache tells about every kommun answer a request used, so that the whole
 * answer can be kept above the kommuner's own entries (gateway/src/responseCache), for no longer
 * and under no looser rules than each of them.
 */
export interface AnswerRecorder {
  /**
   * The kommun's answer came from, or went into, the cache: it holds until `freshUntil` (ms
   * since the epoch) while the kommun's generation is still `generation` (no write since).
   */
  kept(kommunkod: string, generation: number, freshUntil: number): void;
  /** The kommun's answer may not be kept (not cacheable for the scope, a failure, a write). */
  notKept(): void;
}

/**
 * One layer of the router's per-kommun send (./sending/kommunCalls.ts): cache → in-flight
 * merging → telemetry → HTTP. Each may answer without asking the next; a send always resolves,
 * a failure is a coded answer.
 */
export type KommunSender = Sender<KommunCall, KommunAnswer>;

/** An operation as the router receives it (from our gateway or, standalone, from a peer). */
export interface OperationInput {
  document: DocumentNode;
  /** The operation text as received; sent on unchanged when a kommun gets all of it. */
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface RouterRequest extends OperationInput {
  /**
   * What the caller may see (`accessScopeOf` of #platform/auth/accessScope; `PUBLIC_SCOPE`
   * where no caller is known): identical reads of one scope may share one answer.
   */
  scope: string;
  /** Headers for the request to one kommun: the request id, and the internal token for it. */
  headers?: (kommunkod: string) => Record<string, string> | Promise<Record<string, string>>;
  /** Told about every kommun answer used (see AnswerRecorder). */
  recorder?: AnswerRecorder;
}

export interface RouterResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}
