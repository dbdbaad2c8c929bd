import { parse, validate } from 'graphql';
import { PUBLIC_SCOPE, accessScopeOf } from '#platform/auth/accessScope';
import type { KommunEntry } from '#platform/registry';
import {
  InflightDeduplication,
  KommunRouter,
  kommunCalls,
  loadKommunSchemaInfo,
  type KommunAnswer,
  type KommunCall,
  type KommunRequest,
  type KommunSender,
} from '../../gateway/src/kommunRouter';
import { KommunAnswerCache, type KommunAnswerStore } from '../../gateway/src/kommunRouter/sending/cache/KommunAnswerCache';
import { CachePolicies, policyOf } from '../../gateway/src/kommunRouter/sending/cache/cacheControl';
import { MemoryAnswerStore } from '../../gateway/src/kommunRouter/sending/cache/memoryStore';

const schema = loadKommunSchemaInfo();
const registry: KommunEntry[] = [
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', lanskod: '22', url: 'http://sundsvall.test/graphql' },
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', lanskod: '22', url: 'http://timra.test/graphql' },
  { kommunkod: '2480', namn: 'Umeå', lan: 'Västerbottens län', lanskod: '24', url: 'http://umea.test/graphql' },
];
const handlaggare2262 = accessScopeOf({ sub: 'anna', kommunkod: '2262', roller: ['HANDLAGGARE'] });

type Answer = (kommunkod: string, request: KommunRequest) => Omit<KommunAnswer, 'kommunkod'>;

/** A router with a cache over stub kommuner that record every request they get (checked against the schema). */
function cachedRouter(options: { store?: KommunAnswerStore; clock?: { now: number }; staleMaxAgeSeconds?: number } = {}) {
  const clock = options.clock ?? { now: Date.parse('2026-11-26T10:42:00Z') };
  const requests: KommunRequest[] = [];
  let answer: Answer = (kommunkod) => ({ ok: true, data: { kommuner: [{ kommunkod, namn: `namn ${kommunkod}` }] } });
  const cache = {
    store: options.store ?? new MemoryAnswerStore({ now: () => clock.now }),
    staleMaxAgeSeconds: options.staleMaxAgeSeconds ?? 24 * 3600,
    now: () => clock.now,
  };
  const router = new KommunRouter(
    registry,
    schema,
    kommunCalls({
      last: {
        send: async ({ kommun, request }) => {
          requests.push(request);
          const errors = validate(schema.schema, parse(request.query));
          if (errors.length) throw new Error(`invalid operation sent to ${kommun.kommunkod}: ${errors[0].message}`);
          return { kommunkod: kommun.kommunkod, ...answer(kommun.kommunkod, request) } as KommunAnswer;
        },
      },
      schema,
      cache: cache,
    }),
  );
  const run = (query: string, scope = PUBLIC_SCOPE, variables: Record<string, unknown> = {}) =>
    router.execute({ document: parse(query), query, variables, scope });
  return {
    router,
    requests,
    clock,
    run,
    answerWith: (next: Answer) => void (answer = next),
  };
}

const down: Answer = () => ({
  ok: false,
  error: {
    message: 'Kommun Timrå (2262) could not be reached; its data is missing from this answer',
    extensions: { code: 'KOMMUN_UNAVAILABLE' },
  },
});

const listQuery = '{ kommuner { kommunkod namn } }';

describe('kommun router cache: cache hints of the kommun schema', () => {
  const policy = (query: string) => policyOf(schema.schema, parse(query));

  it('takes the least maxAge of the fields a fetch selects: reference data minutes, lists seconds, objects without a hint 0', () => {
    expect(policy('{ kommuner { kommunkod namn lan } }')).toEqual({ maxAge: 600, public: true });
    expect(policy('{ kommuner { namn organ { kortnamn } } }')).toEqual({ maxAge: 600, public: true });
    expect(policy('{ kommuner { namn uppdrag { id forsenad } } }')).toEqual({ maxAge: 30, public: true });
    expect(policy('{ kommuner { paragrafer { beteckning utfall } } }')).toEqual({ maxAge: 30, public: true });
    expect(policy('query($r: [_Any!]!) { _entities(representations: $r) { ... on Kommun { namn } } }')).toEqual({
      maxAge: 600,
      public: true,
    });
    expect(
      policy('mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "x" }) { diarienummer } }')
        .maxAge,
    ).toBe(0);
  });

  it('marks what can carry sekretess content as not public, and the audit as never kept', () => {
    expect(policy('{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { status rubrik } }')).toEqual({
      maxAge: 30,
      public: false,
    });
    expect(policy('{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { beslutsunderlag { titel } } }').public).toBe(false);
    // What depends on content: which ärenden a text finds, which documents a restriction hides.
    expect(policy('{ kommuner { arenden(filter: { text: "barn" }) { nodes { diarienummer } } } }')).toEqual({
      maxAge: 30,
      public: false,
    });
    expect(policy('{ kommuner { handlingsandringar { nodes { id } } } }').public).toBe(false);
    expect(policy('{ kommun(kommunkod: "2262") { granskningslogg { sub } } }')).toEqual({ maxAge: 0, public: false });
  });
});

describe('kommun router cache', () => {
  it('answers a second identical query without calling any kommun', async () => {
    const { run, requests } = cachedRouter();
    const first = await run(listQuery);
    expect(requests).toHaveLength(3);
    const second = await run(listQuery);
    expect(requests).toHaveLength(3);
    expect(second).toEqual(first);
    expect(second.data?.kommuner).toHaveLength(3);
  });

  it('gives every caller its own copy: what the gateway merges into one answer does not reach the next', async () => {
    const { run } = cachedRouter();
    const first = await run(listQuery);
    (first.data!.kommuner as Record<string, unknown>[])[0].samverkansomraden = ['merged by the gateway'];
    const second = await run(listQuery);
    (second.data!.kommuner as Record<string, unknown>[])[1].namn = 'changed';
    const third = await run(listQuery);
    expect(third.data?.kommuner).toEqual([
      { kommunkod: '2281', namn: 'namn 2281' },
      { kommunkod: '2262', namn: 'namn 2262' },
      { kommunkod: '2480', namn: 'namn 2480' },
    ]);
  });

  it('asks again once the hint has run out', async () => {
    const { run, requests, clock } = cachedRouter();
    await run('{ kommuner { kommunkod uppdrag { id } } }');
    clock.now += 29_000;
    await run('{ kommuner { kommunkod uppdrag { id } } }');
    expect(requests).toHaveLength(3);
    clock.now += 2_000;
    await run('{ kommuner { kommunkod uppdrag { id } } }');
    expect(requests).toHaveLength(6);
  });

  it('forgets a kommun’s answers when a write goes to it, and only that kommun’s', async () => {
    const { run, requests, answerWith } = cachedRouter();
    await run(listQuery);
    answerWith((kommunkod, request) =>
      request.query.startsWith('mutation')
        ? { ok: true, data: { registreraArende: { diarienummer: 'KS 2026/1' } } }
        : { ok: true, data: { kommuner: [{ kommunkod, namn: `ny ${kommunkod}` }] } },
    );
    await run(
      'mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Ny" }) { diarienummer } }',
      handlaggare2262,
    );
    requests.length = 0;
    const after = await run(listQuery);
    expect(requests.map((r) => r.kommunkod)).toEqual(['2262']);
    expect(after.data?.kommuner).toEqual([
      { kommunkod: '2281', namn: 'namn 2281' },
      { kommunkod: '2262', namn: 'ny 2262' },
      { kommunkod: '2480', namn: 'namn 2480' },
    ]);
  });

  it('never shares content under sekretess: a case officer’s answer is not kept, nor given to the public; in memory not even the public’s', async () => {
    const query = '{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { diarienummer rubrik } }';
    const { run, requests, answerWith } = cachedRouter();
    answerWith((_kommunkod, request) => ({
      ok: true,
      data: { arende: { diarienummer: 'KS 2020/1', rubrik: request.body.length ? 'Hemlig rubrik' : null } },
    }));
    const officer = await run(query, handlaggare2262);
    expect(officer.data).toEqual({ arende: { diarienummer: 'KS 2020/1', rubrik: 'Hemlig rubrik' } });
    await run(query, handlaggare2262);
    expect(requests).toHaveLength(2);

    answerWith(() => ({
      ok: true,
      data: { arende: { diarienummer: 'KS 2020/1', rubrik: null } },
      errors: [{ message: 'covered by sekretess', path: ['arende', 'rubrik'], extensions: { code: 'FORBIDDEN' } }],
    }));
    const reader = await run(query);
    expect(requests).toHaveLength(3);
    expect(reader.data).toEqual({ arende: { diarienummer: 'KS 2020/1', rubrik: null } });
    // A public answer with content a write could restrict is not kept where an invalidation reaches this process alone.
    expect(await run(query)).toEqual(reader);
    expect(requests).toHaveLength(4);
    await run(query, handlaggare2262);
    expect(requests).toHaveLength(5);
  });

  it('keeps a public answer with content a write could restrict in memory only with KOMMUN_CACHE_SINGLE_REPLICA, and forgets it at a write', async () => {
    const query = '{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { diarienummer rubrik } }';
    const mutation =
      'mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Ny" }) { diarienummer } }';
    const clock = { now: Date.parse('2026-11-26T10:42:00Z') };
    const { run, requests, answerWith } = cachedRouter({
      clock,
      store: new MemoryAnswerStore({ singleReplica: true, now: () => clock.now }),
    });
    answerWith((_kommunkod, request) =>
      request.operationType === 'mutation'
        ? { ok: true, data: { registreraArende: { diarienummer: 'KS 2026/1' } } }
        : { ok: true, data: { arende: { diarienummer: 'KS 2020/1', rubrik: `Rubrik ${requests.length}` } } },
    );
    const first = await run(query);
    expect(await run(query)).toEqual(first);
    expect(requests).toHaveLength(1);
    // Never for a scope that may see the content.
    await run(query, handlaggare2262);
    await run(query, handlaggare2262);
    expect(requests).toHaveLength(3);
    // A write through this, the only replica, makes the kept answer a miss before it answers.
    await run(mutation);
    expect((await run(query)).data).toEqual({ arende: { diarienummer: 'KS 2020/1', rubrik: 'Rubrik 5' } });
    // Restrictable content is fresh for 30 s at most, whatever the hints.
    clock.now += 30_000;
    await run(query);
    expect(requests).toHaveLength(6);
  });

  it('keeps answers apart per access scope', async () => {
    const { run, requests } = cachedRouter();
    await run(listQuery);
    await run(listQuery, handlaggare2262);
    expect(requests).toHaveLength(6);
    await run(listQuery, handlaggare2262);
    expect(requests).toHaveLength(6);
  });

  it('answers a kommun that is down from its last good answer, with KOMMUN_STALE and its age', async () => {
    const { run, clock, answerWith } = cachedRouter();
    await run(listQuery);
    clock.now += 3_600_000;
    answerWith((kommunkod, request) =>
      kommunkod === '2262' ? down(kommunkod, request) : { ok: true, data: { kommuner: [{ kommunkod, namn: 'x' }] } },
    );
    const result = await run(listQuery);
    expect(result.data?.kommuner).toEqual([
      { kommunkod: '2281', namn: 'x' },
      { kommunkod: '2262', namn: 'namn 2262' },
      { kommunkod: '2480', namn: 'x' },
    ]);
    expect(result.errors).toEqual([
      {
        message: expect.stringMatching(
          /^Kommun Timrå \(2262\) could not be reached; its data is its last good answer, from 2026-11-26T10:42:00.000Z \(3600 s old\)$/,
        ),
        path: ['kommuner'],
        extensions: { code: 'KOMMUN_STALE', kommunkod: '2262', staleSeconds: 3600 },
      },
    ]);
  });

  it('gives no stale answer older than STALE_MAX_AGE, nor for content that can be under sekretess', async () => {
    const { run, clock, answerWith } = cachedRouter({ staleMaxAgeSeconds: 900 });
    await run(listQuery);
    clock.now += 901_000;
    answerWith(down);
    expect((await run(listQuery)).errors?.map((e) => e.extensions?.code)).toEqual([
      'KOMMUN_UNAVAILABLE',
      'KOMMUN_UNAVAILABLE',
      'KOMMUN_UNAVAILABLE',
    ]);

    const secret = cachedRouter();
    const query = '{ kommuner { kommunkod arenden { nodes { rubrik } } } }';
    secret.answerWith((kommunkod) => ({ ok: true, data: { kommuner: [{ kommunkod, arenden: { nodes: [] } }] } }));
    await secret.run(query);
    secret.clock.now += 60_000;
    secret.answerWith(down);
    expect((await secret.run(query)).errors?.map((e) => e.extensions?.code)).toEqual([
      'KOMMUN_UNAVAILABLE',
      'KOMMUN_UNAVAILABLE',
      'KOMMUN_UNAVAILABLE',
    ]);
  });
});

describe('kommun router cache as a layer of the send', () => {
  const kommun = registry[1];
  const call = (query: string, scope = PUBLIC_SCOPE): KommunCall => ({
    kommun,
    scope,
    headers: async () => ({}),
    request: {
      kommunkod: kommun.kommunkod,
      query,
      variables: {},
      operationType: query.startsWith('mutation') ? 'mutation' : 'query',
      body: JSON.stringify({ query, variables: {} }),
    },
  });

  it('wraps the next layer, here in-flight deduplication over HTTP: reads at once reach HTTP once, later ones the cache', async () => {
    const sent: KommunRequest[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const http: KommunSender = {
      send: async ({ kommun: k, request }) => {
        sent.push(request);
        await released;
        return request.operationType === 'mutation'
          ? { kommunkod: k.kommunkod, ok: true, data: { registreraArende: { diarienummer: 'KS 2026/1' } } }
          : { kommunkod: k.kommunkod, ok: true, data: { kommuner: [{ kommunkod: k.kommunkod, namn: `namn ${sent.length}` }] } };
      },
    };
    const layer = new KommunAnswerCache(new InflightDeduplication(http), new CachePolicies(schema.schema), {
      store: new MemoryAnswerStore(),
      staleMaxAgeSeconds: 60,
    });
    const together = [layer.send(call(listQuery)), layer.send(call(listQuery))];
    release();
    const [first, second] = await Promise.all(together);
    expect(sent).toHaveLength(1);
    expect(second).toEqual(first);
    expect(await layer.send(call(listQuery))).toEqual(first);
    expect(sent).toHaveLength(1);

    await layer.send(
      call('mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Ny" }) { diarienummer } }'),
    );
    expect(sent).toHaveLength(2);
    const after = await layer.send(call(listQuery));
    expect(sent).toHaveLength(3);
    expect(after).toEqual({ kommunkod: '2262', ok: true, data: { kommuner: [{ kommunkod: '2262', namn: 'namn 3' }] } });
  });
});

describe('kommun router: reads in flight across a write', () => {
  it('does not let a read of restrictable content that arrives after a write through another replica join a read that began before it', async () => {
    const kommun = registry[1];
    const query = '{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { diarienummer rubrik } }';
    const mutation =
      'mutation { uppdateraArende(kommunkod: "2262", diarienummer: "KS 2020/1", input: { version: 1 }) { diarienummer } }';
    const call = (q: string): KommunCall => ({
      kommun,
      scope: PUBLIC_SCOPE,
      headers: async () => ({}),
      request: {
        kommunkod: kommun.kommunkod,
        query: q,
        variables: {},
        operationType: q.startsWith('mutation') ? 'mutation' : 'query',
        body: JSON.stringify({ query: q, variables: {} }),
      },
    });
    // The kommun: the first read is held until the test lets it go, with the content as it was before the write.
    let restricted = false;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reads: boolean[] = [];
    const kommunSide: KommunSender = {
      send: async ({ request }) => {
        if (request.operationType === 'mutation') {
          restricted = true;
          return { kommunkod: '2262', ok: true, data: { uppdateraArende: { diarienummer: 'KS 2020/1' } } };
        }
        const before = !restricted;
        reads.push(before);
        if (reads.length === 1) await held;
        return {
          kommunkod: '2262',
          ok: true,
          data: { arende: { diarienummer: 'KS 2020/1', rubrik: before ? 'Hemlig rubrik' : null } },
        };
      },
    };
    const replica = () =>
      new KommunAnswerCache(
        new InflightDeduplication(kommunSide, { policies: new CachePolicies(schema.schema), singleReplica: false }),
        new CachePolicies(schema.schema),
        {
          store: new MemoryAnswerStore(),
          staleMaxAgeSeconds: 60,
        },
      );
    const [a, b] = [replica(), replica()];
    const early = b.send(call(query));
    await a.send(call(mutation));
    // The write has answered: a read through the other replica reaches the kommun itself.
    const late = b.send(call(query));
    release();
    expect(await late).toEqual({ kommunkod: '2262', ok: true, data: { arende: { diarienummer: 'KS 2020/1', rubrik: null } } });
    expect(reads).toEqual([true, false]);
    expect(await early).toEqual({
      kommunkod: '2262',
      ok: true,
      data: { arende: { diarienummer: 'KS 2020/1', rubrik: 'Hemlig rubrik' } },
    });
  });

  it('without the cache, on the only replica, lets a read after a write through it join no read that began before, and merges the rest', async () => {
    const kommun = registry[1];
    const query = '{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { diarienummer rubrik } }';
    const read = (q = query): KommunCall => ({
      kommun,
      scope: PUBLIC_SCOPE,
      headers: async () => ({}),
      request: {
        kommunkod: '2262',
        query: q,
        variables: {},
        operationType: q.startsWith('mutation') ? 'mutation' : 'query',
        body: q,
      },
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let sent = 0;
    const layer = new InflightDeduplication(
      {
        send: async ({ request }) => {
          const n = (sent += 1);
          if (request.operationType === 'query') await held;
          return { kommunkod: '2262', ok: true, data: { n } };
        },
      },
      { policies: new CachePolicies(schema.schema), singleReplica: true },
    );
    const early = [layer.send(read()), layer.send(read())];
    expect(sent).toBe(1);
    await layer.send(
      read('mutation { uppdateraArende(kommunkod: "2262", diarienummer: "KS 2020/1", input: { version: 1 }) { diarienummer } }'),
    );
    const late = layer.send(read());
    expect(sent).toBe(3);
    release();
    expect((await Promise.all([...early, late])).map((a) => a.ok && a.data)).toEqual([{ n: 1 }, { n: 1 }, { n: 3 }]);
  });
});

describe('kommun router: route by län', () => {
  it('calls only the kommuner of the län asked for, and none of any other', async () => {
    const { run, requests } = cachedRouter();
    const result = await run('{ kommuner(lan: "22") { kommunkod } }');
    expect(requests.map((r) => r.kommunkod)).toEqual(['2281', '2262']);
    expect(result.data?.kommuner).toEqual([
      { kommunkod: '2281', namn: 'namn 2281' },
      { kommunkod: '2262', namn: 'namn 2262' },
    ]);

    requests.length = 0;
    await run('query($lan: ID, $k: [ID!]) { kommuner(lan: $lan, kommunkoder: $k) { kommunkod } }', PUBLIC_SCOPE, {
      lan: '24',
      k: ['2262', '2480'],
    });
    expect(requests.map((r) => r.kommunkod)).toEqual(['2480']);

    requests.length = 0;
    expect((await run('{ kommuner(lan: "01") { kommunkod } }')).data).toEqual({ kommuner: [] });
    expect(requests).toHaveLength(0);
  });

  it('adds up statistik over the kommuner of the län only', async () => {
    const { run, requests, answerWith } = cachedRouter();
    answerWith(() => ({
      ok: true,
      data: { statistik: { uppdrag: [{ status: 'PAGAENDE', antal: 2 }] } },
    }));
    const result = await run('{ statistik(lan: "22") { uppdrag { status antal } } }');
    expect(requests.map((r) => r.kommunkod)).toEqual(['2281', '2262']);
    expect(result.data).toEqual({ statistik: { uppdrag: [{ status: 'PAGAENDE', antal: 4 }] } });
  });
});
