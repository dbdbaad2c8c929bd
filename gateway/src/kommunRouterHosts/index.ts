/**
 * The kommun router's two hosts, beside the library (../kommunRouter/): the gateway's data
 * source for the subgraph `kommun` and its direct reads (./gateway/), and the router as a service of its own for
 * other gateways (./standalone/, `npm run start:kommun-router`). Both are assembled by
 * `setupKommunRouter`.
 */
export { KommunRouterDataSource } from './gateway/KommunRouterDataSource';
export { directRead, withDirectKommunReads } from './gateway/directKommunReads';
export { startKommunRouterServer, type KommunRouterServer } from './standalone/server';
export { setupKommunRouter, type KommunRouterSetup, type RouterHttpOptions, type RouterService } from './setupKommunRouter';
