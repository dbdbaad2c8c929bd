/**
 * The kommun router, a small library: it routes each operation sent to the subgraph `kommun`
 * by `kommunkod` to the kommun instances and merges their answers. Its two hosts, the
 * gateway's data source and the standalone service, live beside it (../kommunRouterHosts/).
 * Everything outside this folder imports it from here (eslint's no-restricted-imports), and
 * nothing in it imports from the gateway around it.
 *
 * - ./plan/: what an operation asks of which kommun (targets, plan, narrowed documents), how
 *   their answers merge (lists, sums, entities), the kommun schema and its routing rules;
 * - ./sending/: every call to a kommun, layer by layer (kommunCalls: cache, in-flight merging,
 *   telemetry, HTTP with a deadline and failure codes), and the readiness probe;
 * - ./KommunRouter.ts: plan, send, merge.
 */
export { KommunRouter, PROBE_TIMEOUT_MS } from './KommunRouter';
export type * from './types';
// Plan, merge and the schema.
export { collectFields } from './plan/collectFields';
export { checkRoutingRules } from './plan/routingRules';
export { loadKommunSchemaInfo, type KommunSchemaInfo } from './plan/kommunSchema';
export { SchemaCompatibility, type Compatibility } from './plan/schemaCompatibility';
export { RoutingError } from './plan/planOperation';
export { fieldTargets, kommunerCalledBy, type RegistryKommun } from './plan/targets';
// Sending.
export { kommunCalls, type KommunCallOptions, type KommunCalls } from './sending/kommunCalls';
export { InflightDeduplication } from './sending/InflightDeduplication';
export { InflightRequests, copyOfJson } from './sending/InflightRequests';
export { DEFAULT_TIMEOUT_MS, KommunClient, kommunAnswerOf, type KommunExchange } from './sending/kommunClient';
export { DeadlineExceeded, SubgraphHttp, type SubgraphHttpAnswer } from './sending/subgraphHttp';
export { RETRY_WITH_SAME_KEY, failureOf, neverSent } from './sending/callFailure';
export { createKommunReadiness, type KommunReadiness, type KommunerReadiness } from './sending/readiness';
export { type AnswerCacheSettings, type KommunAnswerStore } from './sending/cache/KommunAnswerCache';
export { heapBytes } from './sending/cache/heapBytes';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_WHOLE_BYTES, MemoryAnswerStore } from './sending/cache/memoryStore';
export { RedisAnswerStore } from './sending/cache/redisStore';
