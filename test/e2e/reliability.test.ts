import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signDevToken } from '#dev-tools/devIssuer';
import { freePort } from '../../scripts/freePort';
import type { Stack } from '../../scripts/stack';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';
import { startTestStack } from '../helpers/stack';

// What a client sees when a kommun or the database fails under a write, against the whole stack
// as `npm start` runs it: a process per service, supervised.

const REGISTRERA = `mutation($input: NyttArendeInput!) {
  registreraArende(kommunkod: "2262", input: $input) { diarienummer rubrik }
}`;
const ANTAL = `query($text: String!) { kommun(kommunkod: "2262") { arenden(filter: { text: $text }) { totalCount } } }`;

/** Asks until `done` holds for the answer; bounded only so that a hang fails the test. */
async function until<T>(ask: () => Promise<T>, done: (answer: T) => boolean, seconds = 90): Promise<{ last: T; seen: T[] }> {
  const seen: T[] = [];
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const last = await ask();
    seen.push(last);
    if (done(last)) return { last, seen };
    if (Date.now() > deadline) throw new Error(`still not there after ${seconds} s: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const codes = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code);

async function writer(stack: Stack) {
  const token = await signDevToken(stack.keysDir, { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE'] });
  const headers = (key?: string) => ({ authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) });
  return {
    registrera: (rubrik: string, key?: string) =>
      postGraphQL(stack.gateway.url, REGISTRERA, { input: { ansvarigtOrgan: 'KS', rubrik } }, undefined, headers(key)),
    antal: async (text: string) => {
      const response = await postGraphQL(stack.gateway.url, ANTAL, { text }, undefined, headers());
      return response.data?.kommun?.arenden.totalCount as number | undefined;
    },
  };
}

describe('a write whose answer is lost after its commit', () => {
  let stack: Stack;
  // Every kommun kills itself after each commit, before the answer leaves (a test-only main).
  beforeAll(async () => {
    stack = await startTestStack({ kommunScript: 'test/helpers/kommunDyingAfterCommit.ts' });
  });
  afterAll(() => stack?.stop());

  it('is reported as of unknown outcome, and a retry with the same key yields exactly one ärende', async () => {
    const { registrera, antal } = await writer(stack);
    const timra = stack.kommuner.get('2262')!;
    const firstProcess = timra.child;

    const lost = await registrera('Svaret gick förlorat', 'lost-answer-1');
    expect(lost.data?.registreraArende ?? null).toBeNull();
    expect(codes(lost)).toEqual(['KOMMUN_OUTCOME_UNKNOWN']);
    expect(lost.errors![0].message).toMatch(/outcome is unknown.*retry with the same Idempotency-Key/);
    expect(lost.errors![0].extensions).toMatchObject({ kommunkod: '2262' });

    // The supervisor starts Timrå again; the client retries as told, with the same key.
    const { last: retry } = await until(
      () => registrera('Svaret gick förlorat', 'lost-answer-1'),
      (r) => !codes(r).some((c) => c === 'KOMMUN_UNAVAILABLE' || c === 'KOMMUN_OUTCOME_UNKNOWN'),
    );
    expect(timra.child).not.toBe(firstProcess);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.registreraArende.rubrik).toBe('Svaret gick förlorat');
    expect(await antal('Svaret gick förlorat')).toBe(1);

    // The same key for another write is refused, and writes nothing.
    const other = await registrera('Ett annat ärende', 'lost-answer-1');
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(other.errors![0].message).toMatch(/Idempotency-Key/);
    expect(await antal('Ett annat ärende')).toBe(0);
  });
});

describe('the database stopped under the stack', () => {
  let stack: Stack;
  let dataDir: string;
  beforeAll(async () => {
    // The stack runs its own embedded PostgreSQL, supervised, as `npm start` does.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-reliability-pg-'));
    fs.chmodSync(dataDir, 0o755);
    stack = await startTestStack({
      serverUrl: undefined,
      database: { dataDir: path.join(dataDir, 'data'), port: await freePort() },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is started again by the supervisor, and the graph works again without a person', async () => {
    const { registrera, antal } = await writer(stack);
    expect((await registrera('Före stoppet', 'before-stop')).errors).toBeUndefined();

    // A fast shutdown from outside, as a service manager or an out-of-memory kill would do.
    const pid = Number(fs.readFileSync(path.join(dataDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');

    const { last, seen } = await until(
      () => registrera('Efter stoppet', 'after-stop'),
      (r) => r.errors === undefined,
    );
    expect(last.data!.registreraArende.rubrik).toBe('Efter stoppet');
    expect(await antal('Efter stoppet')).toBe(1);
    // While it was down, every answer said so with a code: never an internal error with an address.
    for (const response of seen) {
      for (const error of response.errors ?? []) {
        expect(['KOMMUN_DATABASE_UNAVAILABLE', 'KOMMUN_OUTCOME_UNKNOWN']).toContain(error.extensions?.code);
        expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      }
    }
  });

  it('while it is down, each kommun and samverkan answer a coded error of their own (and samverkan gone, another)', async () => {
    const { registrera } = await writer(stack);
    await stack.database!.stop();
    const write = await registrera('Under stoppet', 'during-stop');
    expect(codes(write)).toEqual(['KOMMUN_DATABASE_UNAVAILABLE']);
    expect(write.errors![0].message).toMatch(/Timrå \(2262\) cannot reach its database/);
    const read = await postGraphQL(stack.gateway.url, `{ kommuner { namn arenden { totalCount } } samverkan { namn } }`);
    const readCodes = new Set(codes(read));
    expect(readCodes).toEqual(new Set(['KOMMUN_DATABASE_UNAVAILABLE', 'SAMVERKAN_DATABASE_UNAVAILABLE']));
    expect(JSON.stringify(read)).not.toMatch(/ECONNREFUSED|INTERNAL_SERVER_ERROR/);

    // And the samverkan subgraph itself gone: its own code, not the fetch's message.
    await stack.samverkan.stop();
    const gone = await postGraphQL(stack.gateway.url, `{ samverkan { namn } }`);
    expect(codes(gone)).toEqual(['SAMVERKAN_UNAVAILABLE']);
    expect(JSON.stringify(gone)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });
});
