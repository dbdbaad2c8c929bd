import { PUBLIC_SCOPE, accessScopeOf } from '#platform/auth/accessScope';
import type { KommunEntry } from '#platform/registry';
import { InflightDeduplication, type KommunAnswer, type KommunCall, type KommunRequest } from '../../gateway/src/kommunRouter';

const timra: KommunEntry = { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://timra.test/graphql' };
const sundsvall: KommunEntry = { ...timra, kommunkod: '2281', namn: 'Sundsvall', url: 'http://sundsvall.test/graphql' };
const request = (query: string, variables: Record<string, unknown> = {}): KommunRequest => ({
  kommunkod: '2262',
  query,
  variables,
  operationType: query.startsWith('mutation') ? 'mutation' : 'query',
  body: JSON.stringify({ query, variables }),
});

/** A next layer whose answers wait until the test releases them; it records every call it gets. */
function heldKommun() {
  const calls: KommunCall[] = [];
  type Answer =
    { ok: true; data: Record<string, unknown> } | { ok: false; error: { message: string; extensions: { code: string } } };
  const release: ((answer: Answer) => void)[] = [];
  const next = {
    send: (call: KommunCall) => {
      calls.push(call);
      return new Promise<KommunAnswer>((resolve) =>
        release.push((answer) => resolve({ kommunkod: call.kommun.kommunkod, ...answer } as KommunAnswer)),
      );
    },
  };
  return { calls, release, layer: new InflightDeduplication(next) };
}

const call = (overrides: Partial<KommunCall> = {}): KommunCall => ({
  kommun: timra,
  request: request('{ kommuner { namn } }'),
  scope: PUBLIC_SCOPE,
  headers: async () => ({}),
  ...overrides,
});

describe('in-flight deduplication of kommun requests', () => {
  it('sends identical reads under way at once one time; each caller gets the answer as its own object', async () => {
    const { calls, release, layer } = heldKommun();
    const answers = Promise.all(Array.from({ length: 10 }, () => layer.send(call())));
    expect(calls).toHaveLength(1);
    release[0]({ ok: true, data: { kommuner: [{ namn: 'Timrå' }] } });
    const all = await answers;
    expect(all).toEqual(Array(10).fill({ kommunkod: '2262', ok: true, data: { kommuner: [{ namn: 'Timrå' }] } }));
    expect(new Set(all.map((a) => (a.ok ? a.data : null))).size).toBe(10);
  });

  it('asks the kommun again once the answer is in: nothing is kept after it', async () => {
    const { calls, release, layer } = heldKommun();
    const first = layer.send(call());
    release[0]({ ok: true, data: {} });
    await first;
    const second = layer.send(call());
    expect(calls).toHaveLength(2);
    release[1]({ ok: true, data: {} });
    await second;
    expect(layer.size).toBe(0);
  });

  it('never merges callers of different scopes, other variables, other kommuner, or writes', async () => {
    const { calls, layer } = heldKommun();
    const handlaggare = accessScopeOf({ sub: 'anna', kommunkod: '2262', roller: ['HANDLAGGARE'] });
    const lasare = accessScopeOf({ sub: 'bo', kommunkod: '2262', roller: ['LASARE'] });
    void layer.send(call());
    void layer.send(call({ scope: lasare })); // sees only what the public sees: merged
    void layer.send(call({ scope: handlaggare }));
    void layer.send(call({ request: request('query($k: ID!) { kommun(kommunkod: $k) { namn } }', { k: '2262' }) }));
    void layer.send(call({ request: request('query($k: ID!) { kommun(kommunkod: $k) { namn } }', { k: '2281' }) }));
    void layer.send(call({ kommun: sundsvall }));
    const write = request('mutation { registreraArende { diarienummer } }');
    void layer.send(call({ request: write }));
    void layer.send(call({ request: write }));
    expect(calls.map((c) => [c.kommun.kommunkod, c.scope, c.request.body])).toEqual([
      ['2262', PUBLIC_SCOPE, call().request.body],
      ['2262', 'kommun:2262:HANDLAGGARE', call().request.body],
      ['2262', PUBLIC_SCOPE, expect.stringContaining('"k":"2262"')],
      ['2262', PUBLIC_SCOPE, expect.stringContaining('"k":"2281"')],
      ['2281', PUBLIC_SCOPE, call().request.body],
      ['2262', PUBLIC_SCOPE, write.body],
      ['2262', PUBLIC_SCOPE, write.body],
    ]);
  });

  it("gives every follower the leader's coded failure", async () => {
    const { calls, release, layer } = heldKommun();
    const answers = Promise.all([layer.send(call()), layer.send(call()), layer.send(call())]);
    const error = { message: 'Kommun Timrå (2262) did not answer within 1000 ms', extensions: { code: 'KOMMUN_TIMEOUT' } };
    release[0]({ ok: false, error });
    expect(await answers).toEqual(Array(3).fill({ kommunkod: '2262', ok: false, error }));
    expect(calls).toHaveLength(1);
  });
});
