import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLError } from 'graphql';
import type { Sender } from '../subgraphCalls';

/** One fetch of a client's operation from the samverkan subgraph, as it passes through the layers of its chain. */
export interface SamverkanCall {
  /** The JSON body sent: the fetch's query, variables and operation name. */
  body: string;
  /** A write is never merged, and a failed write is told apart from a failed read. */
  operationType: 'query' | 'mutation';
  /** What the caller may see (`accessScopeOf`): an answer is shared only within one scope. */
  scope: string;
  /** The call's headers (request id, Idempotency-Key, internal token), worked out only by the layer that sends it. */
  headers(): Promise<Record<string, string>>;
}

/**
 * What samverkan answered, or why it did not. The data source throws a failure's `error`, and
 * @apollo/gateway puts it in the client's answer as it is.
 */
export type SamverkanAnswer = { ok: true; response: GatewayGraphQLResponse } | { ok: false; error: GraphQLError };

/** One layer of the samverkan chain (gateway/src/subgraphChains.ts): in-flight merging → telemetry → HTTP. */
export type SamverkanSender = Sender<SamverkanCall, SamverkanAnswer>;
