/**
 * The parts every call from the gateway to a subgraph is made of, kommun and samverkan alike: the
 * shape of a layer (`Sender`), the generic layers (in-flight merging, telemetry), and the last
 * one's HTTP with a deadline and the classification of a call that got no answer. Each subgraph
 * stacks them with layers of its own (the kommun answer cache, its failure codes) in the order
 * gateway/src/subgraphChains.ts assembles. It imports nothing of the gateway: the kommun router
 * (../kommunRouter/) builds on it too.
 */
export type { Sender } from './Sender';
export { InflightMerging } from './InflightMerging';
export { InflightRequests, copyOfJson } from './InflightRequests';
export { timedCalls } from './timedCalls';
export { DeadlineExceeded, SubgraphHttp, type SubgraphHttpAnswer } from './subgraphHttp';
export { RETRY_WITH_SAME_KEY, failureOf, neverSent } from './callFailure';
