import fs from 'node:fs';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { startHttpServer } from '../../common/src/http/startHttpServer';
import type { GatewayConfig } from './config';
import { KommunRouter } from './kommunRouter/KommunRouter';
import { KommunRouterDataSource } from './kommunRouter/KommunRouterDataSource';
import { loadKommunSchemaInfo } from './kommunRouter/kommunSchema';

/** The operation Sandbox opens with: the contract's overview of every kommun. */
const initialDocument = fs.readFileSync(path.resolve(__dirname, '../../contract/oversikt.graphql'), 'utf8');

export interface GatewayServer {
  url: string;
  port: number;
  router: KommunRouter;
  stop(): Promise<void>;
}

export async function startGatewayServer(config: GatewayConfig): Promise<GatewayServer> {
  const router = new KommunRouter(config.registry, loadKommunSchemaInfo());
  const gateway = new ApolloGateway({
    // A static supergraph, never introspection: the gateway starts even when a kommun is down.
    supergraphSdl: fs.readFileSync(config.supergraphFile, 'utf8'),
    buildService: ({ name }) =>
      name === 'kommun' ? new KommunRouterDataSource(router) : new RemoteGraphQLDataSource({ url: config.samverkanUrl }),
  });
  const apollo = new ApolloServer({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    plugins: [
      config.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, document: initialDocument })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const http = await startHttpServer({ apollo, port: config.port, context: async () => ({}) });
  return {
    url: http.url,
    port: http.port,
    router,
    async stop() {
      await http.close();
      await apollo.stop();
    },
  };
}
