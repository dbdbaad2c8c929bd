/**
 * Hive Gateway (@graphql-hive/gateway) over schema/supergraph.graphql, beside or instead of our
 * gateway (docs/api.md, "Behind other gateways"):
 *
 *   SAMVERKAN_TOKEN=$(npm run -s token -- --internal samverkan) \
 *     npx hive-gateway supergraph schema/supergraph.graphql -c config/hive-gateway.ts --port 4100
 *
 * The samverkan subgraph answers only callers with an internal token for it: Hive Gateway sends
 * SAMVERKAN_TOKEN, an anonymous one. The user's own token goes to the kommun router
 * (`npm run start:kommun-router`), which verifies it and vouches for the user to each kommun.
 */
const samverkanToken = process.env.SAMVERKAN_TOKEN?.trim();
if (!samverkanToken) {
  throw new Error('SAMVERKAN_TOKEN is not set: make one with `npm run -s token -- --internal samverkan`');
}

export const gatewayConfig = {
  transportEntries: { samverkan: { headers: [['authorization', `Bearer ${samverkanToken}`]] } },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }: { request: Request; subgraphName: string }) => {
      const authorization = request.headers.get('authorization');
      return subgraphName === 'kommun' && authorization ? { authorization } : {};
    },
  },
};
