import { kommunAudience } from '#platform/auth/internalToken';
import type { Caller } from '#platform/auth/caller';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer, type KommunServerOptions } from '../../subgraphs/kommun/src/server';
import { testKeys } from './auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from './database';
import { postGraphQL } from './graphql';

export const TIMRA_HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE'] };

/**
 * Timrå's subgraph on a seeded database of its own, called as the gateway calls it on behalf of a
 * Timrå case officer. Call in a test file's top level: it registers the file's beforeAll and
 * afterAll, and the returned object is filled in once beforeAll has run.
 */
export function timraSubgraph(options: KommunServerOptions = {}) {
  const db = testDatabaseUrl(uniquePrefix(), 'kommun_2262');
  const registry = JSON.stringify([
    { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:4003/graphql' },
  ]);
  let keys: Awaited<ReturnType<typeof testKeys>> | undefined;
  let headers: Record<string, string> = {};
  const timra = {
    server: undefined as unknown as KommunServer,
    /** An operation as the gateway sends it for the case officer. */
    gql: (query: string, variables: Record<string, unknown> = {}) =>
      postGraphQL(timra.server.url, query, variables, undefined, headers),
    /** An operation as the gateway sends it for `caller` (null: a reader without a user). */
    gqlAs: async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}) =>
      postGraphQL(timra.server.url, query, variables, undefined, await keys!.internalHeaders(kommunAudience('2262'), caller)),
  };
  beforeAll(async () => {
    keys = await testKeys();
    timra.server = await startKommunServer(
      loadConfig(['2262'], { DATABASE_URL: db, PORT: '0', SEED: 'true', KOMMUN_REGISTRY: registry, ...keys.env }),
      options,
    );
    headers = await keys.internalHeaders(kommunAudience('2262'), TIMRA_HANDLAGGARE);
  });
  afterAll(async () => {
    await timra.server?.stop();
    await dropAll([db]);
    keys?.remove();
  });
  return timra;
}
