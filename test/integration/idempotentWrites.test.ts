import type { Roll } from '#platform/auth/caller';
import { SAMVERKAN_AUDIENCE, kommunAudience } from '#platform/auth/internalToken';
import { removeExpiredIdempotencyKeys } from '#subgraph-kit/idempotency';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { loadConfig as loadSamverkanConfig } from '../../subgraphs/samverkan/src/config';
import { startSamverkanServer, type SamverkanServer } from '../../subgraphs/samverkan/src/server';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';

// Retry-safe writes, as the gateway passes them on: Timrå's and the samverkan subgraph on their
// own databases, called with the client's Idempotency-Key.
const prefix = uniquePrefix();
const kommunDb = testDatabaseUrl(prefix, 'kommun_2262');
const samverkanDb = testDatabaseUrl(prefix, 'samverkan');
const registry = JSON.stringify([
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:4003/graphql' },
]);

let kommun: KommunServer;
let samverkan: SamverkanServer;
let keys: Awaited<ReturnType<typeof testKeys>>;
let handlaggare: Record<string, string>;
let kollega: Record<string, string>;
let samordnare: Record<string, string>;
beforeAll(async () => {
  keys = await testKeys();
  [kommun, samverkan] = await Promise.all([
    startKommunServer(
      loadConfig(['2262'], { DATABASE_URL: kommunDb, PORT: '0', SEED: 'true', KOMMUN_REGISTRY: registry, ...keys.env }),
    ),
    startSamverkanServer(loadSamverkanConfig({ DATABASE_URL: samverkanDb, PORT: '0', SEED: 'true', ...keys.env })),
  ]);
  const user = (sub: string, roll: Roll) => ({ sub, kommunkod: '2262', roller: [roll] });
  handlaggare = await keys.internalHeaders(kommunAudience('2262'), user('handlaggare-timra', 'HANDLAGGARE'));
  kollega = await keys.internalHeaders(kommunAudience('2262'), user('kollega-timra', 'HANDLAGGARE'));
  samordnare = await keys.internalHeaders(SAMVERKAN_AUDIENCE, user('samordnare-timra', 'SAMORDNARE'));
});
afterAll(async () => {
  await Promise.all([kommun?.stop(), samverkan?.stop()]);
  await dropAll([kommunDb, samverkanDb]);
  keys?.remove();
});

const REGISTRERA = `mutation($input: NyttArendeInput!) {
  registreraArende(kommunkod: "2262", input: $input) { diarienummer rubrik version statushistorik { status } }
}`;
const inKommun = (query: string, variables: Record<string, unknown>, key?: string, as = handlaggare) =>
  postGraphQL(kommun.url, query, variables, undefined, { ...as, ...(key ? { 'idempotency-key': key } : {}) });
const registrera = (rubrik: string, key?: string, as = handlaggare) =>
  inKommun(REGISTRERA, { input: { ansvarigtOrgan: 'KS', rubrik } }, key, as);

const count = async (sql: string, params: unknown[] = []) => (await kommun.dataSource.query(sql, params))[0].n as number;
const arenden = (rubrik: string) => count(`SELECT count(*)::int n FROM arende_innehall WHERE rubrik = $1`, [rubrik]);

describe('a write with an Idempotency-Key', () => {
  it('is made once: a retry with the same key and input gets the first answer and writes nothing', async () => {
    const first = await registrera('Nyckel ett', 'key-1');
    expect(first.errors).toBeUndefined();
    const audit = await count(`SELECT count(*)::int n FROM granskningslogg`);
    const retry = await registrera('Nyckel ett', 'key-1');
    expect(retry.errors).toBeUndefined();
    expect(retry.data).toEqual(first.data);
    expect(await arenden('Nyckel ett')).toBe(1);
    expect(await count(`SELECT count(*)::int n FROM granskningslogg`)).toBe(audit);
  });

  it('refuses the same key with another input as a CONFLICT that says so, and writes nothing', async () => {
    const first = await registrera('Nyckel två', 'key-2');
    expect(first.errors).toBeUndefined();
    const other = await registrera('Något annat', 'key-2');
    expect(other.errors).toHaveLength(1);
    expect(other.errors![0].extensions).toMatchObject({ code: 'CONFLICT' });
    expect(other.errors![0].message).toMatch(/Idempotency-Key "key-2" was already used for a different write/);
    expect(await arenden('Något annat')).toBe(0);
    // The key still stands for its first write.
    expect((await registrera('Nyckel två', 'key-2')).data).toEqual(first.data);
  });

  it('writes every time without a key, and keys of different users do not meet', async () => {
    await registrera('Utan nyckel');
    await registrera('Utan nyckel');
    expect(await arenden('Utan nyckel')).toBe(2);
    const mine = await registrera('Samma nyckel, två personer', 'shared-key');
    const theirs = await registrera('Samma nyckel, två personer', 'shared-key', kollega);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.registreraArende.diarienummer).not.toBe(mine.data!.registreraArende.diarienummer);
  });

  it('keeps several mutation fields of one operation apart, and replays all of them', async () => {
    const two = `mutation { a: registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Fält a" }) { diarienummer }
      b: registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Fält b" }) { diarienummer } }`;
    const first = await inKommun(two, {}, 'key-two-fields');
    expect(first.errors).toBeUndefined();
    expect(first.data!.a.diarienummer).not.toBe(first.data!.b.diarienummer);
    expect(await inKommun(two, {}, 'key-two-fields')).toMatchObject({ data: first.data });
    expect([await arenden('Fält a'), await arenden('Fält b')]).toEqual([1, 1]);
  });

  it('makes one write of 20 concurrent duplicates, and all of them get its answer', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => registrera('Samtidiga dubbletter', 'key-concurrent')));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    expect(new Set(answers.map((a) => a.data!.registreraArende.diarienummer)).size).toBe(1);
    expect(await arenden('Samtidiga dubbletter')).toBe(1);
  });

  it('replays a status change instead of refusing its now stale version', async () => {
    const { data } = await registrera('Status med nyckel');
    const d = data!.registreraArende.diarienummer;
    const andra = `mutation($d: String!) { andraArendestatus(kommunkod: "2262", diarienummer: $d, input: { version: 1, status: VILANDE }) {
      status version } }`;
    const first = await inKommun(andra, { d }, 'key-status');
    expect(first).toMatchObject({ data: { andraArendestatus: { status: 'VILANDE', version: 2 } } });
    expect(await inKommun(andra, { d }, 'key-status')).toMatchObject({ data: first.data });
    expect(await count(`SELECT count(*)::int n FROM arende_status WHERE diarienummer = $1`, [d])).toBe(2);
  });

  it('lets a key be used again for a new write once it has expired, and forgets expired keys', async () => {
    await registrera('Gammal nyckel', 'key-old');
    await kommun.dataSource.query(
      `UPDATE idempotensnyckel SET skapad = now() - interval '25 hours' WHERE nyckel LIKE 'key-old %'`,
    );
    const reused = await registrera('Ny skrivning, gammal nyckel', 'key-old');
    expect(reused.errors).toBeUndefined();
    expect(await arenden('Ny skrivning, gammal nyckel')).toBe(1);
    await kommun.dataSource.query(`UPDATE idempotensnyckel SET skapad = now() - interval '25 hours' WHERE nyckel LIKE 'key-1 %'`);
    await removeExpiredIdempotencyKeys(kommun.dataSource);
    expect(await count(`SELECT count(*)::int n FROM idempotensnyckel WHERE nyckel LIKE 'key-1 %'`)).toBe(0);
    expect(await count(`SELECT count(*)::int n FROM idempotensnyckel WHERE nyckel LIKE 'key-old %'`)).toBe(1);
  });

  it('refuses a malformed key', async () => {
    const response = await registrera('Dålig nyckel', 'x'.repeat(201));
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await arenden('Dålig nyckel')).toBe(0);
  });

  it('works the same in the samverkan subgraph', async () => {
    const avtal = `mutation($input: NyttAvtalInput!) { registreraAvtal(input: $input) { id namn } }`;
    const input = {
      omradeId: 'inkopsanalys',
      namn: 'Avtal med nyckel',
      resurs: 'Inköpsanalytiker',
      rattsligGrund: 'KL 9 kap. 37 §',
      tecknat: '2021-01-15',
      giltigFran: '2021-02-01',
      parter: [
        { kommunkod: '2281', roll: 'VARDKOMMUN', kostnadsandel: 0.5 },
        { kommunkod: '2262', roll: 'PART', kostnadsandel: 0.5 },
      ],
    };
    const send = (namn: string) =>
      postGraphQL(samverkan.url, avtal, { input: { ...input, namn } }, undefined, {
        ...samordnare,
        'idempotency-key': 'avtal-1',
      });
    const first = await send('Avtal med nyckel');
    expect(first.errors).toBeUndefined();
    expect(await send('Avtal med nyckel')).toMatchObject({ data: first.data });
    expect((await send('Ett annat avtal')).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
    const [{ n }] = await samverkan.dataSource.query(`SELECT count(*)::int n FROM avtal WHERE namn = 'Avtal med nyckel'`);
    expect(n).toBe(1);
  });
});
