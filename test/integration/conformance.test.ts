import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { internalKeyFiles } from '#dev-tools/devIssuer';
import { kommunAudience } from '#platform/auth/internalToken';
import { readJwk, readJwks } from '#platform/auth/keys';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { projectRoot } from '../../scripts/config';
import { conforms, runConformance, type RuleResult } from '../../scripts/conformance/runConformance';
import { startAngeKommun, type AngeKommun } from '../fixtures/angeKommun';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { TIMRA_HANDLAGGARE } from '../helpers/timraSubgraph';

/** `npm run conformance -- <args>` as a user runs it, its exit code and output. */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(projectRoot, 'node_modules/.bin/tsx'),
      ['scripts/conformance/main.ts', ...args],
      { cwd: projectRoot, env },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

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
    expect(failed(results)).toEqual([]);
    // Every rule ran: none was skipped for want of rows or of a write.
    expect(results.filter((r) => r.status === 'skip').map((r) => r.name)).toEqual([]);
    expect(conforms(results)).toBe(true);
  });
});

describe('the conformance kit against a minimal implementation of its own (Ånge, 2260, in memory)', () => {
  let ange: AngeKommun;
  beforeAll(async () => {
    ange = await startAngeKommun(readJwks(internalKeyFiles(keys.keysDir).jwksFile));
  });
  afterAll(() => ange?.stop());

  it('passes: every MUST rule that can run read-only passes, and the write is skipped with its reason', async () => {
    const results = await runConformance({ url: ange.url, kommunkod: '2260', internalKey: internalKey() });
    expect(failed(results)).toEqual([]);
    expect(conforms(results)).toBe(true);
    expect(results.filter((r) => r.status === 'skip').map((r) => r.name)).toEqual(['sync-feed-change']);
    expect(results.find((r) => r.name === 'sync-feed-change')).toMatchObject({ reason: expect.stringContaining('--write') });
  });

  it('as `npm run conformance` with only --url and --kommunkod, finds the development key as `npm run token` does and exits 0', async () => {
    const cli = await runCli(['--url', ange.url, '--kommunkod', '2260'], { ...process.env, KEYS_DIR: keys.keysDir });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Conforms: every MUST rule that could run passed.');
  });
});

describe('the conformance kit against a deliberately broken implementation', () => {
  let broken: AngeKommun;
  beforeAll(async () => {
    broken = await startAngeKommun(readJwks(internalKeyFiles(keys.keysDir).jwksFile), {
      pagingRepeats: true,
      noTokenCheck: true,
      incompatibleType: true,
    });
  });
  afterAll(() => broken?.stop());

  it('fails exactly the rules it breaks, each with its evidence, and does not conform', async () => {
    const results = await runConformance({ url: broken.url, kommunkod: '2260', internalKey: internalKey() });
    expect(failed(results).sort()).toEqual(['internal-token-required', 'paging', 'sdl-compatible']);
    expect(conforms(results)).toBe(false);
    const evidence = Object.fromEntries(results.flatMap((r) => (r.status === 'fail' ? [[r.name, r.evidence]] : [])));
    expect(evidence['sdl-compatible']).toMatch(/Kommun\.lansnamn changed type from String! to String/);
    expect(evidence.paging).toMatch(/KS 2024\/\d again on page 2/);
    expect(evidence['internal-token-required']).toMatch(/^no token, /);
  });

  it('as `npm run conformance`, prints the report rule by rule and exits 1 on a failed MUST', async () => {
    const cli = await runCli([
      '--url',
      broken.url,
      '--kommunkod',
      '2260',
      '--internal-key',
      internalKeyFiles(keys.keysDir).privateKeyFile,
    ]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/^FAIL {2}MUST {3}paging: .*\n {6}evidence: .*again on page 2/m);
    expect(cli.stdout).toMatch(/^PASS {2}MUST {3}entities: /m);
    expect(cli.stdout).toMatch(/^SKIP {2}MUST {3}sync-feed-change: .*\n {6}skipped: .*--write/m);
    expect(cli.stdout).toContain('Does not conform: MUST rules failed: sdl-compatible, internal-token-required, paging.');
  });
});

describe('the conformance kit against an implementation broken in the rest of the contract', () => {
  let broken: AngeKommun;
  beforeAll(async () => {
    broken = await startAngeKommun(readJwks(internalKeyFiles(keys.keysDir).jwksFile), {
      answersAnyKommun: true,
      feedRepeatsLastRow: true,
      uncodedErrors: true,
      leaksRestricted: true,
      paragrafEntityMissing: true,
      extraField: true,
    });
  });
  afterAll(() => broken?.stop());

  it('names each broken rule with its evidence, and only those', async () => {
    const results = await runConformance({ url: broken.url, kommunkod: '2260', internalKey: internalKey() });
    expect(failed(results).sort()).toEqual([
      'coded-errors',
      'entities',
      'exact-answers',
      'restricted-forbidden-code',
      'restricted-withheld',
      'routing-other-kommun',
      'sync-feed',
    ]);
    const evidence = Object.fromEntries(results.flatMap((r) => (r.status === 'fail' ? [[r.name, r.evidence]] : [])));
    expect(evidence.entities).toMatch(/^Paragraf \{"kommunkod":"2260","beteckning":"KS 2024 § 1"\}: null$/);
    expect(evidence['routing-other-kommun']).toMatch(/arende\(\{"kommunkod":"0180","diarienummer":"KS 2024\/\d"\}\): answered/);
    expect(evidence['sync-feed']).toMatch(/paragrafandringar: KS 2024 § 1 again after the marker, unchanged/);
    expect(evidence['coded-errors']).toMatch(/forged `after` cursor: .*INTERNAL_SERVER_ERROR/);
    expect(evidence['exact-answers']).toBe('kommun: "webbplats" not asked for');
    expect(evidence['restricted-withheld']).toMatch(/KS 2024\/4 to an anonymous reader: rubrik="Placering i familjehem Nilsson"/);
    expect(evidence['restricted-withheld']).toMatch(/found by a HANDLAGGARE of 0180 searching "Placering"/);
    expect(evidence['restricted-withheld']).toMatch(
      /handlingsandringar from the start to an anonymous reader: documents h2 of restricted ärenden/,
    );
  });
});

describe('the conformance kit against a URL where nothing answers', () => {
  it('fails the first rule with the reason and skips the rest, rather than ten failures that say the same', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const results = await runConformance({
      url: `http://127.0.0.1:${port}/graphql`,
      kommunkod: '2260',
      internalKey: internalKey(),
    });
    expect(results[0]).toMatchObject({ status: 'fail', evidence: 'the rule could not run: fetch failed (ECONNREFUSED)' });
    expect(results.slice(1).every((r) => r.status === 'skip' && r.reason.includes('ECONNREFUSED'))).toBe(true);
    expect(conforms(results)).toBe(false);
  });
});
