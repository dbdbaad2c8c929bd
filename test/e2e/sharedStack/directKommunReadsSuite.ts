import fs from 'node:fs';
import { silentLogger } from '#platform/telemetry/logger';
import { loadConfig } from '../../../gateway/src/config';
import { ownGatewayPieces, startGatewayServer, startGatewayWith, type GatewayServer } from '../../../gateway/src/server';
import { contractFacts } from '../../helpers/contractFacts';
import { contractOperation, type TestStack } from '../../helpers/stack';

/**
 * Queries the kommun subgraph answers alone go straight to the kommun router, past
 * @apollo/gateway's execution (gateway/src/kommunRouterHosts/gateway/directKommunReads.ts). A
 * client must not see which way its query went: two gateways over the same stack, one as
 * shipped and one that sends everything through @apollo/gateway, answer every contract
 * operation with the same bytes (stack traces aside, which outside production name the code that made an error), and also a kommun that is down, an unknown kommunkod, a bad
 * variable, introspection and a query that also reads samverkan. Read-only: it shares the stack
 * of test/e2e/sharedStack.test.ts.
 */
export function directKommunReadsSuite(stack: () => TestStack): void {
  describe('direct kommun reads answer as @apollo/gateway does', () => {
    let direct: GatewayServer;
    let federated: GatewayServer;

    /** Both gateways; `down` adds a kommun whose process does not listen. */
    const start = (down: boolean) => {
      const kommuner = JSON.parse(fs.readFileSync(stack().registryFile, 'utf8')).kommuner as unknown[];
      const config = loadConfig({
        PORT: '0',
        KEYS_DIR: stack().keysDir,
        SAMVERKAN_URL: stack().samverkan.url,
        KOMMUN_REGISTRY: JSON.stringify(
          down
            ? [
                ...kommuner,
                { kommunkod: '2260', namn: 'Ånge', lan: 'Västernorrlands län', lanskod: '22', url: 'http://127.0.0.1:9/graphql' },
              ]
            : kommuner,
        ),
        // Both execute every request: no answer comes from a cache.
        KOMMUN_CACHE: 'false',
        RATE_LIMIT: 'false',
      });
      return Promise.all([
        startGatewayServer(config, silentLogger()),
        startGatewayWith(config, silentLogger(), { ...ownGatewayPieces(), directKommunReads: false }),
      ]);
    };
    const stop = () => Promise.all([direct?.stop(), federated?.stop()]);

    /** The same request to both; their bodies must be the same bytes (stack traces aside). */
    const both = async (query: string, variables: Record<string, unknown> = {}, operationName?: string) => {
      const body = JSON.stringify({ query, variables, operationName });
      const [viaDirect, viaFederated] = await Promise.all(
        [direct, federated].map(async (gateway) => {
          const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          // Outside production an error carries the stack it was made on, which differs by path.
          const text = (await response.text()).replace(/,"stacktrace":\[(?:"(?:[^"\\]|\\.)*",?)*\]/g, '');
          return { status: response.status, text };
        }),
      );
      expect(viaDirect).toEqual(viaFederated);
      return { status: viaDirect.status, ...(JSON.parse(viaDirect.text) as { data?: any; errors?: any[] }) };
    };

    describe('every contract operation', () => {
      beforeAll(async () => {
        [direct, federated] = await start(false);
      });
      afterAll(stop);

      contractFacts(async (file, name, variables = {}) => {
        const answer = await both(contractOperation(file, name), variables, name);
        expect(answer.errors).toBeUndefined();
        return answer.data;
      });
    });

    describe('errors', () => {
      beforeAll(async () => {
        [direct, federated] = await start(true);
      });
      afterAll(stop);

      it('a kommun that is down: the others answer, and its error names it', async () => {
        const answer = await both('{ kommuner { kommunkod namn organ { kortnamn } } }');
        expect(answer.data.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toEqual(['2281', '2262', '2280']);
        expect(answer.errors?.map((e) => [e.extensions.code, e.extensions.kommunkod, e.extensions.serviceName])).toEqual([
          ['KOMMUN_UNAVAILABLE', '2260', 'kommun'],
        ]);
      });

      it('an unknown kommunkod', async () => {
        const answer = await both('query($k: ID!) { kommun(kommunkod: $k) { namn } }', { k: '9999' });
        expect(answer.data).toEqual({ kommun: null });
        expect(answer.errors?.[0].extensions.code).toBe('UNKNOWN_KOMMUN');
      });

      it('a variable of the wrong type', async () => {
        const answer = await both('query($k: ID!) { kommun(kommunkod: $k) { namn } }', { k: { not: 'an id' } });
        expect(answer.status).toBe(400);
        expect(answer.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      });

      it('a query that also reads samverkan, and introspection', async () => {
        const answer = await both('{ kommun(kommunkod: "2262") { namn samverkansomraden { id } } }');
        expect(answer.data.kommun.namn).toBe('Timrå');
        await both('{ __schema { queryType { name } } kommuner { kommunkod } }');
        await both('{ __type(name: "Kommun") { fields { name } } }');
      });
    });
  });
}
