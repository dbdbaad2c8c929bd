/**
 * The kommun router: the data source of the subgraph `kommun`, which routes each operation by
 * `kommunkod` to the kommun instances and merges their answers. Everything outside this folder
 * imports it from here.
 */
export { KommunRouter, PROBE_TIMEOUT_MS } from './KommunRouter';
export { KommunRouterDataSource } from './KommunRouterDataSource';
export { InflightDeduplication } from './InflightDeduplication';
export { DEFAULT_TIMEOUT_MS, KommunClient, kommunAnswerOf, type KommunExchange } from './kommunClient';
export { kommunCalls, type KommunCallOptions, type KommunCalls } from './kommunCalls';
export { DeadlineExceeded, SubgraphHttp, type SubgraphHttpAnswer } from './subgraphHttp';
export { RETRY_WITH_SAME_KEY, failureOf, neverSent } from './callFailure';
export { loadKommunSchemaInfo, type KommunSchemaInfo } from './kommunSchema';
export { RoutingError } from './planOperation';
export { createKommunReadiness, type KommunReadiness, type KommunerReadiness } from './readiness';
export { checkRoutingRules } from './routingRules';
export { startKommunRouterServer, type KommunRouterServer } from './server';
export { setupKommunRouter, type KommunRouterSetup, type RouterHttpOptions, type RouterService } from './setup';
export type * from './types';
