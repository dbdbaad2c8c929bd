import { internalKeyFiles } from '#dev-tools/devIssuer';
import { kommunAudience } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { conforms, runConformance, type RuleResult } from '../../scripts/conformance/runConformance';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { TIMRA_HANDLAGGARE } from '../helpers/timraSubgraph';

const failed = (results: RuleResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.name);

let keys: Awaited<ReturnType<typeof testKeys>>;
beforeAll(async () => {
  keys = await testKeys();
});
afterAll(() => keys.remove());
const internalKey = () => readJwk(internalKeyFiles(keys.keysDir).privateKeyFile);

describe('the conformance kit against our own kommun subgraph (Timrå, seeded)', () => {
  const db = testDatabaseUrl(uniquePrefix(), 'kommun_2262');
  let server: KommunServer;
  beforeAll(async () => {
    const registry = JSON.stringify([
      { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:4003/graphql' },
    ]);
    server = await startKommunServer(
      loadConfig(['2262'], { DATABASE_URL: db, PORT: '0', SEED: 'true', KOMMUN_REGISTRY: registry, ...keys.env }),
    );
    // Enough ärenden to page through, one of them with sekretess for the rules on restricted content.
    const headers = await keys.internalHeaders(kommunAudience('2262'), TIMRA_HANDLAGGARE);
    for (const input of [
      '{ ansvarigtOrgan: "KS", rubrik: "Placering familjehem Bergström", beskrivning: "Uppgifter om enskild", sekretess: { lagrum: "OSL 26 kap. 1 §" } }',
      '{ ansvarigtOrgan: "KS", rubrik: "Ny gång- och cykelväg" }',
      '{ ansvarigtOrgan: "BUN", rubrik: "Skolskjuts Sörberge" }',
    ]) {
      const { errors } = await postGraphQL(
        server.url,
        `mutation { registreraArende(kommunkod: "2262", input: ${input}) { diarienummer } }`,
        {},
        undefined,
        headers,
      );
      expect(errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await dropAll([db]);
  });

  it('passes every rule, the change on the sync feed included (--write)', async () => {
    const results = await runConformance({ url: server.url, kommunkod: '2262', internalKey: internalKey(), write: true });
    console.log(JSON.stringify(results, null, 1));
    expect(failed(results)).toEqual([]);
    expect(conforms(results)).toBe(true);
  });
});
