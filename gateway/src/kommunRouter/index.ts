/**
 * The kommun router, a small library: it routes each operation sent to the subgraph `kommun`
 * by `kommunkod` to the kommun instances and merges their answers. Its two hosts, the
 * gateway's data source and the standalone service, live beside it (../kommunRouterHosts/).
 * Everything outside this folder imports it from here (eslint's no-restricted-imports), and
 * nothing in it imports from the gateway around it but ../subgraphCalls/, the parts every
 * subgraph call is made of (HTTP with a deadline, failure classification, in-flight merging,
 * telemetry), which samverkan's calls are made of too.
 *
 * - ./plan/: what an operation asks of which kommun (targets, plan, narrowed documents), how
 *   their answers merge (lists, sums, entities), the kommun schema and its routing rules;
 * - ./sending/: every call to a kommun, layer by layer (kommunCalls: the answer cache, in-flight
 *   merging, telemetry, the last layer KommunClient: HTTP with the kommun's deadline and the
 *   KOMMUN_… failure codes), each kommun's recent latency (a read goes to the slowest first),
 *   and the readiness probe, which sends to the last layer alone;
 * - ./KommunRouter.ts: plan, send, merge.
 */
export { KommunRouter, PROBE_TIMEOUT_MS } from './KommunRouter';
export type * from './types';
// Plan, merge and the schema.
export { collectFields, responseKeyOf } from './plan/collectFields';
export { narrowDocument } from './plan/narrowDocument';
export { checkRoutingRules } from './plan/routingRules';
export { loadKommunSchemaInfo, type KommunSchemaInfo } from './plan/kommunSchema';
export { SchemaCompatibility, type Compatibility } from './plan/schemaCompatibility';
export { RoutingError } from './plan/planOperation';
export { fieldTargets, kommunerCalledBy, type RegistryKommun } from './plan/targets';
// Sending.
export { kommunCalls, type KommunCallOptions, type KommunCalls } from './sending/kommunCalls';
export { InflightDeduplication } from './sending/InflightDeduplication';
export { KommunLatencies } from './sending/KommunLatencies';
export { DEFAULT_TIMEOUT_MS, KommunClient, kommunAnswerOf, type KommunExchange } from './sending/kommunClient';
export { createKommunReadiness, type KommunReadiness, type KommunerReadiness } from './sending/readiness';
export { type AnswerCacheSettings, type KommunAnswerStore } from './sending/cache/KommunAnswerCache';
export { heapBytes } from './sending/cache/heapBytes';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_WHOLE_BYTES, MemoryAnswerStore } from './sending/cache/memoryStore';
export { RedisAnswerStore } from './sending/cache/redisStore';
