import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { runService } from '#platform/runService';
import { loadConfig } from '../gateway/src/config';
import { DEFAULT_TIMEOUT_MS, kommunAnswerOf, type KommunExchange, type SendToKommun } from '../gateway/src/kommunRouter';
import { startGatewayWith, type GatewayPieces } from '../gateway/src/server';

/**
 * The bench's baseline: the same graph on a stock @apollo/gateway and Apollo Server, as a team
 * would run it that took the libraries' defaults. Started by `npm run bench` in place of
 * gateway/src/main.ts; production never runs this file.
 */

/** What a RemoteGraphQLDataSource fetches with when given no fetcher (make-fetch-happen, sockets without a bound). */
const defaultFetcher = new RemoteGraphQLDataSource().fetcher;

/** The kommun router's requests sent the way the samverkan data source sends its own: the default fetcher, no timeout. */
const sendWithDefaultFetcher: SendToKommun = async (kommun, request, headers = {}) => {
  let exchange: KommunExchange;
  try {
    const response = await defaultFetcher(kommun.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: request.body,
    });
    exchange = { status: response.status, text: await response.text() };
  } catch (failure) {
    exchange = { failure };
  }
  return kommunAnswerOf(kommun, exchange, kommun.timeoutMs ?? DEFAULT_TIMEOUT_MS);
};

/** The gateway's pieces as the libraries' defaults would have them. */
export const stockPieces: GatewayPieces = {
  // @apollo/gateway's own query-plan cache, Apollo Server's default plugins (cache control on).
  gatewayOptions: {},
  plugins: [],
  samverkanFetcher: defaultFetcher,
  sendToKommun: sendWithDefaultFetcher,
  close: async () => {},
};

runService(
  () => loadConfig(),
  (config, logger) => startGatewayWith(config, logger, stockPieces),
  (server) => `stock gateway ready at ${server.url}`,
);
