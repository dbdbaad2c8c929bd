import { parse, validate } from 'graphql';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import type { KommunEntry } from '#platform/registry';
import {
  KommunLatencies,
  KommunRouter,
  kommunCalls,
  loadKommunSchemaInfo,
  type KommunAnswer,
  type KommunRequest,
  type KommunSender,
} from '../../gateway/src/kommunRouter';

const schema = loadKommunSchemaInfo();
const registry: KommunEntry[] = [
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', url: 'http://sundsvall.test/graphql' },
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://timra.test/graphql' },
  { kommunkod: '2280', namn: 'Härnösand', lan: 'Västernorrlands län', url: 'http://harnosand.test/graphql' },
];

/**
 * A router whose kommuner are stubs: each request is recorded and checked to be a valid
 * operation of the kommun schema, and `answer` decides what the kommun says.
 */
function routerWith(answer: (kommunkod: string, request: KommunRequest) => Omit<KommunAnswer, 'kommunkod'>) {
  const requests: KommunRequest[] = [];
  const router = new KommunRouter(
    registry,
    schema,
    kommunCalls({
      last: {
        send: async ({ kommun, request }) => {
          requests.push(request);
          const errors = validate(schema.schema, parse(request.query));
          if (errors.length)
            throw new Error(`invalid operation sent to ${kommun.kommunkod}: ${errors[0].message}\n${request.query}`);
          return { kommunkod: kommun.kommunkod, ...answer(kommun.kommunkod, request) } as KommunAnswer;
        },
      },
      schema,
    }),
  );
  return { router, requests };
}

/** A router whose last layer is `send`: the kommuner as a test's stand-in, every layer above it real. */
const routerSending = (send: KommunSender['send']) => new KommunRouter(registry, schema, kommunCalls({ last: { send }, schema }));

const entitiesQuery = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Kommun{namn}}}';

describe('kommun router: _entities', () => {
  it('gives each kommun only its own representations and puts the answers back in the original order', async () => {
    const { router, requests } = routerWith((kommunkod, request) => ({
      ok: true,
      data: {
        _entities: (request.variables.representations as { kommunkod: string }[]).map((r) => ({ namn: `namn ${r.kommunkod}` })),
      },
    }));
    const representations = ['2262', '2281', '2262', '2280'].map((kommunkod) => ({ __typename: 'Kommun', kommunkod }));
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(entitiesQuery),
      query: entitiesQuery,
      variables: { representations },
    });

    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { namn: 'namn 2262' },
      { namn: 'namn 2281' },
      { namn: 'namn 2262' },
      { namn: 'namn 2280' },
    ]);
    const sent = Object.fromEntries(requests.map((r) => [r.kommunkod, r.variables.representations]));
    expect(sent['2262']).toEqual([representations[0], representations[2]]);
    expect(sent['2281']).toEqual([representations[1]]);
    expect(sent['2280']).toEqual([representations[3]]);
  });

  it('moves error paths to the original index and names the kommun', async () => {
    const { router } = routerWith((kommunkod) =>
      kommunkod === '2262'
        ? {
            ok: true,
            data: { _entities: [{ namn: 'Timrå' }, null] },
            errors: [{ message: 'boom', path: ['_entities', 1, 'namn'] }],
          }
        : { ok: true, data: { _entities: [{ namn: 'Sundsvall' }] } },
    );
    const representations = ['2262', '2281', '2262'].map((kommunkod) => ({ __typename: 'Kommun', kommunkod }));
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(entitiesQuery),
      query: entitiesQuery,
      variables: { representations },
    });

    expect(result.data?._entities).toEqual([{ namn: 'Timrå' }, { namn: 'Sundsvall' }, null]);
    expect(result.errors).toEqual([{ message: 'boom', path: ['_entities', 2, 'namn'], extensions: { kommunkod: '2262' } }]);
  });

  it('answers an unknown kommunkod with null and UNKNOWN_KOMMUN, and a failed kommun with nulls at its indexes', async () => {
    const { router, requests } = routerWith((kommunkod) =>
      kommunkod === '2281'
        ? {
            ok: false,
            error: {
              message: 'Kommun Sundsvall (2281) could not be reached',
              extensions: { code: 'KOMMUN_UNAVAILABLE', kommunkod },
            },
          }
        : { ok: true, data: { _entities: [{ namn: 'Timrå' }] } },
    );
    const representations = ['9999', '2281', '2262'].map((kommunkod) => ({ __typename: 'Kommun', kommunkod }));
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(entitiesQuery),
      query: entitiesQuery,
      variables: { representations },
    });

    expect(result.data?._entities).toEqual([null, null, { namn: 'Timrå' }]);
    expect(requests.map((r) => r.kommunkod)).toEqual(['2281', '2262']);
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 0], extensions: { code: 'UNKNOWN_KOMMUN', kommunkod: '9999' } }),
      expect.objectContaining({ path: ['_entities', 1], extensions: { code: 'KOMMUN_UNAVAILABLE', kommunkod: '2281' } }),
    ]);
  });

  it('reads several aliased _entities fields, each with its own variable, as Hive Gateway sends them', async () => {
    const query = `query($_v0_representations:[_Any!]!,$_v1_representations:[_Any!]!){
      _v0__entities:_entities(representations:$_v0_representations){...on Kommun{namn}}
      _v1__entities:_entities(representations:$_v1_representations){...on Paragraf{rubrik}}}`;
    const { router, requests } = routerWith((kommunkod, request) => {
      const data: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(request.variables)) {
        const field = request.query.includes(`_v0__entities: _entities(representations: $${name})`)
          ? '_v0__entities'
          : '_v1__entities';
        data[field] = (value as { kommunkod: string; beteckning?: string }[]).map((r) =>
          field === '_v0__entities' ? { namn: `kommun ${r.kommunkod}` } : { rubrik: `${r.beteckning} i ${r.kommunkod}` },
        );
      }
      return { ok: true, data };
    });
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(query),
      query,
      variables: {
        _v0_representations: [
          { __typename: 'Kommun', kommunkod: '2281' },
          { __typename: 'Kommun', kommunkod: '2262' },
        ],
        _v1_representations: [{ __typename: 'Paragraf', kommunkod: '2262', beteckning: 'KS 2019 § 65' }],
      },
    });

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _v0__entities: [{ namn: 'kommun 2281' }, { namn: 'kommun 2262' }],
      _v1__entities: [{ rubrik: 'KS 2019 § 65 i 2262' }],
    });
    // Sundsvall holds no paragraph of the request, so its operation has only the first field.
    const sundsvall = requests.find((r) => r.kommunkod === '2281')!;
    expect(sundsvall.query).not.toContain('_v1__entities');
    expect(Object.keys(sundsvall.variables)).toHaveLength(1);
  });
});

describe('kommun router: root fields', () => {
  it('sends a field with kommunkod to that kommun only, sending it the whole operation unchanged', async () => {
    const query = 'query A($k:ID!){kommun(kommunkod:$k){namn}}';
    const { router, requests } = routerWith(() => ({ ok: true, data: { kommun: { namn: 'Timrå' } } }));
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(query),
      query,
      operationName: 'A',
      variables: { k: '2262' },
    });

    expect(requests).toEqual([
      expect.objectContaining({ kommunkod: '2262', query, operationName: 'A', variables: { k: '2262' } }),
    ]);
    expect(result).toEqual({ data: { kommun: { namn: 'Timrå' } } });
  });

  it('returns null and UNKNOWN_KOMMUN for a kommunkod outside the registry, calling no kommun', async () => {
    const query = '{kommun(kommunkod:"0180"){namn}}';
    const { router, requests } = routerWith(() => ({ ok: true, data: {} }));
    const result = await router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });

    expect(requests).toHaveLength(0);
    expect(result.data).toEqual({ kommun: null });
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['kommun'], extensions: { code: 'UNKNOWN_KOMMUN', kommunkod: '0180' } }),
    ]);
  });

  it('concatenates list fields in registry order and offsets error paths to the final positions', async () => {
    const query = '{kommuner{kommunkod uppdrag{id}}}';
    const { router } = routerWith((kommunkod) => ({
      ok: true,
      data: { kommuner: [{ kommunkod }] },
      ...(kommunkod === '2280' ? { errors: [{ message: 'late', path: ['kommuner', 0, 'uppdrag'] }] } : {}),
    }));
    const result = await router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });

    expect(result.data?.kommuner).toEqual([{ kommunkod: '2281' }, { kommunkod: '2262' }, { kommunkod: '2280' }]);
    expect(result.errors).toEqual([{ message: 'late', path: ['kommuner', 2, 'uppdrag'], extensions: { kommunkod: '2280' } }]);
  });

  it('serialises a fan-out once: every kommun gets the same body, the operation as received', async () => {
    const query = 'query Alla($forsenade: Boolean) { kommuner { kommunkod uppdrag(forsenade: $forsenade) { id } } }';
    const { router, requests } = routerWith((kommunkod) => ({ ok: true, data: { kommuner: [{ kommunkod }] } }));
    await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(query),
      query,
      operationName: 'Alla',
      variables: { forsenade: true },
    });

    expect(requests).toHaveLength(3);
    expect(JSON.parse(requests[0].body)).toEqual({ query, variables: { forsenade: true }, operationName: 'Alla' });
    expect(requests.every((r) => r.body === requests[0].body)).toBe(true);
  });

  it('gives each kommun a body of its own when its share differs', async () => {
    const representations = ['2262', '2281'].map((kommunkod) => ({ __typename: 'Kommun', kommunkod }));
    const { router, requests } = routerWith((_kommunkod, request) => ({
      ok: true,
      data: { _entities: (request.variables.representations as unknown[]).map(() => ({ namn: 'n' })) },
    }));
    await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(entitiesQuery),
      query: entitiesQuery,
      variables: { representations },
    });

    expect(requests.map((r) => JSON.parse(r.body).variables)).toEqual([
      { representations: [representations[1]] },
      { representations: [representations[0]] },
    ]);
  });

  it('sends a field with kommunkoder to those kommuner only, in registry order', async () => {
    const query = 'query($k:[ID!]){kommuner(kommunkoder:$k){kommunkod}}';
    const { router, requests } = routerWith((kommunkod) => ({ ok: true, data: { kommuner: [{ kommunkod }] } }));
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(query),
      query,
      variables: { k: ['2280', '2281', '9999'] },
    });

    expect(requests.map((r) => r.kommunkod)).toEqual(['2281', '2280']);
    expect(result.data?.kommuner).toEqual([{ kommunkod: '2281' }, { kommunkod: '2280' }]);
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNKNOWN_KOMMUN', kommunkod: '9999' } })]);
  });

  it('gives each kommun only its own root fields and only the variables and fragments they use', async () => {
    const query = `query($a:ID!,$b:String!,$c:ID!){
      first:arende(kommunkod:$a,diarienummer:$b){...A}
      second:kommun(kommunkod:$c){namn}
      __typename}
      fragment A on Arende{rubrik}`;
    const { router, requests } = routerWith((kommunkod) =>
      kommunkod === '2262'
        ? { ok: true, data: { first: { rubrik: 'R' } } }
        : { ok: true, data: { second: { namn: 'Sundsvall' } } },
    );
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(query),
      query,
      variables: { a: '2262', b: 'KS 2020/1', c: '2281' },
    });

    expect(result.data).toEqual({ first: { rubrik: 'R' }, second: { namn: 'Sundsvall' }, __typename: 'Query' });
    const timra = requests.find((r) => r.kommunkod === '2262')!;
    expect(timra.variables).toEqual({ a: '2262', b: 'KS 2020/1' });
    expect(timra.query).toContain('fragment A on Arende');
    const sundsvall = requests.find((r) => r.kommunkod === '2281')!;
    expect(sundsvall.variables).toEqual({ c: '2281' });
    expect(sundsvall.query).not.toContain('fragment A');
  });

  it('answers _service { sdl } with the kommun schema without calling any kommun', async () => {
    const query = '{_service{sdl}}';
    const { router, requests } = routerWith(() => ({ ok: true, data: {} }));
    const result = await router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });

    expect(requests).toHaveLength(0);
    expect((result.data?._service as { sdl: string }).sdl).toContain('type Kommun @key(fields: "kommunkod")');
  });

  it('calls every kommun before any has answered', async () => {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const router = routerSending(async ({ kommun }) => {
      started.push(kommun.kommunkod);
      if (started.length === registry.length) release();
      await gate;
      return { kommunkod: kommun.kommunkod, ok: true, data: { kommuner: [] } };
    });
    const query = '{kommuner{kommunkod}}';
    await router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });
    expect(started).toEqual(['2281', '2262', '2280']);
  });
});

describe('kommun router: the slowest kommun first', () => {
  it('sends a read to the kommuner that answered slowest first, and still merges in registry order', async () => {
    const delayMs: Record<string, number> = { '2281': 5, '2262': 60, '2280': 30 };
    const started: string[] = [];
    const router = routerSending(async ({ kommun }) => {
      started.push(kommun.kommunkod);
      await new Promise((resolve) => setTimeout(resolve, delayMs[kommun.kommunkod]));
      return { kommunkod: kommun.kommunkod, ok: true, data: { kommuner: [{ kommunkod: kommun.kommunkod }] } };
    });
    const read = (query: string) => router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });

    // Not heard from yet: the registry's order.
    const first = await read('{kommuner{kommunkod}}');
    expect(started).toEqual(['2281', '2262', '2280']);
    started.length = 0;
    // Another document (nothing kept or merged answers it): Timrå took longest, then Härnösand.
    const second = await read('{kommuner{kommunkod namn}}');
    expect(started).toEqual(['2262', '2280', '2281']);
    for (const answer of [first, second])
      expect((answer.data?.kommuner as { kommunkod: string }[]).map((k) => k.kommunkod)).toEqual(['2281', '2262', '2280']);
  });

  it('ranks by a running mean: one not heard from goes first, and one that turns slow moves forward within a few calls', () => {
    const latencies = new KommunLatencies();
    latencies.observe('2281', 0.005);
    latencies.observe('2262', 0.06);
    expect(latencies.slowestFirst(['2281', '2262', '2280'])).toEqual([2, 1, 0]);
    // A kommun that turns slow moves forward within a few calls.
    for (let i = 0; i < 5; i++) latencies.observe('2281', 0.2);
    expect(latencies.slowestFirst(['2281', '2262'])).toEqual([0, 1]);
  });
});

describe('kommun router: ID arguments', () => {
  it('reads a kommunkod written as an Int literal, as the gateway prints inlined IDs', async () => {
    const query = '{ kommun(kommunkod: 2262) { namn } kommuner(kommunkoder: [2280]) { namn } }';
    const { router, requests } = routerWith((kommunkod) => ({
      ok: true,
      data: kommunkod === '2262' ? { kommun: { namn: 'Timrå' } } : { kommuner: [{ namn: 'Härnösand' }] },
    }));
    const result = await router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });
    expect(result).toEqual({ data: { kommun: { namn: 'Timrå' }, kommuner: [{ namn: 'Härnösand' }] } });
    expect(requests.map((r) => r.kommunkod)).toEqual(['2262', '2280']);
  });
});

describe('kommun router: sums (@summeras)', () => {
  const statistikQuery = `query($kommunkoder: [ID!]) {
    statistik(kommunkoder: $kommunkoder) {
      arenden { status organ ar antal }
      ...Uppdrag
      p: paragrafer { organ ar antal }
    }
  }
  fragment Uppdrag on Statistik { uppdrag { status antal forsenade } }`;
  const answers: Record<string, Record<string, unknown>> = {
    '2281': {
      arenden: [{ status: 'OPPET', organ: 'KS', ar: 2020, antal: 2 }],
      uppdrag: [{ status: 'PAGAENDE', antal: 4, forsenade: 1 }],
      p: [{ organ: 'KS', ar: 2019, antal: 1 }],
    },
    '2262': {
      arenden: [
        { status: 'OPPET', organ: 'KS', ar: 2020, antal: 1 },
        { status: 'STANGT', organ: 'BUN', ar: 2019, antal: 5 },
      ],
      uppdrag: [
        { status: 'ATERRAPPORTERAT', antal: 2, forsenade: 0 },
        { status: 'PAGAENDE', antal: 1, forsenade: 1 },
      ],
      p: [
        { organ: 'KS', ar: 2019, antal: 3 },
        { organ: 'BUN', ar: 2019, antal: 1 },
      ],
    },
    '2280': { arenden: [], uppdrag: [], p: [] },
  };
  const run = (router: KommunRouter, variables: Record<string, unknown> = {}) =>
    router.execute({ scope: PUBLIC_SCOPE, document: parse(statistikQuery), query: statistikQuery, variables });

  it("adds the kommuner's rows up per key: every selected field but the summed ones", async () => {
    const { router, requests } = routerWith((kommunkod) => ({ ok: true, data: { statistik: answers[kommunkod] } }));
    const result = await run(router);

    expect(requests.map((r) => r.kommunkod)).toEqual(['2281', '2262', '2280']);
    expect(result.errors).toBeUndefined();
    expect(result.data?.statistik).toEqual({
      arenden: [
        { status: 'OPPET', organ: 'KS', ar: 2020, antal: 3 },
        { status: 'STANGT', organ: 'BUN', ar: 2019, antal: 5 },
      ],
      uppdrag: [
        { status: 'PAGAENDE', antal: 5, forsenade: 2 },
        { status: 'ATERRAPPORTERAT', antal: 2, forsenade: 0 },
      ],
      p: [
        { organ: 'KS', ar: 2019, antal: 4 },
        { organ: 'BUN', ar: 2019, antal: 1 },
      ],
    });
  });

  it('keeps rows apart by a key field the kommuner differ in, and adds up rows one kommun repeats', async () => {
    const query = '{ statistik { arenden { kommunkod antal } uppdrag { forsenade } } }';
    const { router } = routerWith((kommunkod) => ({
      ok: true,
      data: {
        statistik: {
          arenden: (answers[kommunkod].arenden as { antal: number }[]).map((r) => ({ kommunkod, antal: r.antal })),
          uppdrag: (answers[kommunkod].uppdrag as { forsenade: number }[]).map((r) => ({ forsenade: r.forsenade })),
        },
      },
    }));
    const result = await router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });
    expect(result.data?.statistik).toEqual({
      arenden: [
        { kommunkod: '2281', antal: 2 },
        { kommunkod: '2262', antal: 6 },
      ],
      uppdrag: [{ forsenade: 2 }],
    });
  });

  it('answers with the sums of the others and one error naming a kommun that is down', async () => {
    const { router } = routerWith((kommunkod) =>
      kommunkod === '2262'
        ? {
            ok: false,
            error: { message: 'Kommun Timrå (2262) could not be reached', extensions: { code: 'KOMMUN_UNAVAILABLE', kommunkod } },
          }
        : { ok: true, data: { statistik: answers[kommunkod] } },
    );
    const result = await run(router);

    expect(result.data?.statistik).toEqual({
      arenden: [{ status: 'OPPET', organ: 'KS', ar: 2020, antal: 2 }],
      uppdrag: [{ status: 'PAGAENDE', antal: 4, forsenade: 1 }],
      p: [{ organ: 'KS', ar: 2019, antal: 1 }],
    });
    expect(result.errors).toEqual([
      {
        message: 'Kommun Timrå (2262) could not be reached',
        path: ['statistik'],
        extensions: { code: 'KOMMUN_UNAVAILABLE', kommunkod: '2262' },
      },
    ]);
  });

  it('answers zeros and empty lists when no kommun answers, and points a kommun error at its list', async () => {
    const { router } = routerWith((kommunkod) =>
      kommunkod === '2281'
        ? {
            ok: true,
            data: null,
            errors: [{ message: 'boom', path: ['statistik', 'arenden', 0, 'antal'] }],
          }
        : { ok: false, error: { message: `Kommun ${kommunkod} timed out`, extensions: { code: 'KOMMUN_TIMEOUT', kommunkod } } },
    );
    const result = await run(router);

    expect(result.data?.statistik).toEqual({ arenden: [], uppdrag: [], p: [] });
    expect(result.errors?.map((e) => [e.path, e.extensions?.kommunkod])).toEqual([
      [['statistik', 'arenden'], '2281'],
      [['statistik'], '2262'],
      [['statistik'], '2280'],
    ]);
  });

  it('asks only the kommuner in kommunkoder, and refuses an unknown one with UNKNOWN_KOMMUN', async () => {
    const { router, requests } = routerWith((kommunkod) => ({ ok: true, data: { statistik: answers[kommunkod] } }));
    const result = await run(router, { kommunkoder: ['2262', '9999'] });

    expect(requests.map((r) => r.kommunkod)).toEqual(['2262']);
    expect((result.data?.statistik as { p: unknown[] }).p).toEqual(answers['2262'].p);
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['statistik'], extensions: { code: 'UNKNOWN_KOMMUN', kommunkod: '9999' } }),
    ]);
  });
});
