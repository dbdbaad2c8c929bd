import { startService, type ServiceProcess } from '../../../scripts/stack';
import { startHiveGateway, type HiveGateway } from '../../../scripts/hiveGateway';
import { postGraphQL } from '../../helpers/graphql';
import { contractOperation, type TestStack } from '../../helpers/stack';

/**
 * A real peer gateway: Hive Gateway serves schema/supergraph.graphql with the subgraph `kommun`
 * pointing at the standalone kommun router (`npm run start:kommun-router`). It must give the
 * same answers to the contract as our own gateway. Hive Gateway batches entity fetches as
 * aliased `_entities` fields with a variable each, which the router has to read as such.
 * Read-only: it shares the stack of test/e2e/sharedStack.test.ts, and leaves it as it found it.
 */
export function hiveGatewaySuite(stack: () => TestStack): void {
  describe('Hive Gateway over the standalone kommun router', () => {
    let kommunRouter: ServiceProcess;
    let hive: HiveGateway;
    let hiveUrl: string;

    beforeAll(async () => {
      kommunRouter = await startService({
        name: 'kommun router',
        script: 'gateway/src/kommunRouterHosts/standalone/main.ts',
        env: {
          ...process.env,
          PORT: '0',
          KOMMUN_REGISTRY_FILE: stack().registryFile,
          SAMVERKAN_URL: stack().samverkan.url,
          KEYS_DIR: stack().keysDir,
          // Hive Gateway calls it without a user token.
          KOMMUN_ROUTER_ANONYMOUS: 'true',
        },
      });
      hive = await startHiveGateway({
        kommunRouterUrl: kommunRouter.url,
        samverkanUrl: stack().samverkan.url,
        keysDir: stack().keysDir,
        env: { NODE_ENV: 'test' },
      });
      hiveUrl = hive.url;
    }, 120_000);

    afterAll(async () => {
      await hive?.stop();
      await kommunRouter?.stop();
    });

    const contract: [string, string, Record<string, unknown>][] = [
      ['oversikt.graphql', 'KommunOversikt', {}],
      ['oversikt.graphql', 'SokArenden', { kommunkoder: ['2262', '2280'], text: 'samverkan' }],
      ['arende.graphql', 'ArendeDetalj', { kommunkod: '2262', diarienummer: 'KS 2020/1' }],
      ['arende.graphql', 'Paragraf', { kommunkod: '2262', beteckning: 'KS 2019 § 257' }],
      ['samverkan.graphql', 'SamverkanDashboard', {}],
      ['samverkan.graphql', 'KommunensSamverkan', { kommunkod: '2281' }],
      ['uppdrag.graphql', 'ForsenadeUppdrag', {}],
      ['statistik.graphql', 'StatistikPerKommun', {}],
      ['handlingar.graphql', 'Handlingar', { kommunkod: '2262', diarienummer: 'KS 2020/1' }],
      ['likalydande.graphql', 'LikalydandeBeslut', {}],
      ['sammantraden.graphql', 'SammantradeDetalj', { kommunkod: '2262', id: 'ks-2020-uppfoljning-samverkan' }],
      ['sammantraden.graphql', 'Sammantraden', { lan: '22' }],
    ];

    it.each(contract)(
      '%s %s: Hive Gateway over the standalone router answers as our gateway does',
      async (file, name, variables) => {
        const text = contractOperation(file, name);
        const ours = await postGraphQL(stack().gateway.url, text, variables, name);
        const theirs = await postGraphQL(hiveUrl, text, variables, name);
        expect(ours.errors).toBeUndefined();
        expect(theirs.errors).toBeUndefined();
        expect(theirs.data).toEqual(ours.data);
        expect(JSON.stringify(ours.data)).toContain('"kommunkod"');
      },
    );

    it('serves the kommun SDL from the standalone router even when every kommun is down', async () => {
      for (const process of stack().kommuner.values()) process.child.kill('SIGSTOP');
      try {
        const { data } = await postGraphQL(kommunRouter.url, '{ _service { sdl } }');
        expect(data!._service.sdl).toContain('type Kommun @key(fields: "kommunkod")');
      } finally {
        for (const process of stack().kommuner.values()) process.child.kill('SIGCONT');
      }
    });
  });
}
