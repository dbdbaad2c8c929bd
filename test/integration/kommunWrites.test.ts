import { timraSubgraph } from '../helpers/timraSubgraph';
import type { GraphQLResponse } from '../helpers/graphql';

// Timrå's subgraph on its own database, seeded with the document's ärende `KS 2020/1`, called as
// the gateway calls it on behalf of a Timrå case officer. Today is pinned; the tests run in order
// and build on each other's writes, as a case officer's day would.
const TODAY = '2026-03-10';
const timra = timraSubgraph({ clock: () => new Date(`${TODAY}T10:00:00Z`) });
const { gql } = timra;

/** The one error of a refused write, with its code and field. */
function refusal(response: GraphQLResponse) {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  return { code: error.extensions?.code, field: error.extensions?.field, message: error.message };
}

const REGISTRERA = `mutation($kommunkod: ID!, $input: NyttArendeInput!) {
  registreraArende(kommunkod: $kommunkod, input: $input) {
    kommunkod diarienummer rubrik beskrivning status registrerad version uppdaterad
    ansvarigtOrgan { kortnamn } statushistorik { status datum kommentar } forslagTillBeslut { nummer text }
    sekretess { lagrum }
  }
}`;
const registrera = (input: Record<string, unknown>, kommunkod = '2262') => gql(REGISTRERA, { kommunkod, input });

const UPPDATERA = `mutation($d: String!, $input: ArendeandringInput!) {
  uppdateraArende(kommunkod: "2262", diarienummer: $d, input: $input) { diarienummer rubrik beskrivning version }
}`;
const ANDRA_STATUS = `mutation($d: String!, $input: ArendestatusInput!) {
  andraArendestatus(kommunkod: "2262", diarienummer: $d, input: $input) {
    diarienummer status version statushistorik { status datum kommentar }
  }
}`;
const LAS = `query($d: String!) { arende(kommunkod: "2262", diarienummer: $d) {
  rubrik status version statushistorik { status } behandlingar { beteckning } uppdrag { id status } } }`;

const counts = async () =>
  (
    await timra.server.dataSource.query(
      `SELECT (SELECT count(*) FROM arende)::int arenden, (SELECT count(*) FROM arende_status)::int historik,
              (SELECT count(*) FROM beslutspunkt)::int punkter, (SELECT coalesce(sum(senaste), 0)::int FROM diarieserie) serier,
              (SELECT count(*) FROM granskningslogg)::int granskning`,
    )
  )[0];

describe('registreraArende', () => {
  it('registers an ärende with the next diarienummer of its organ and year, today, version 1 and its first status', async () => {
    const { data, errors } = await registrera({
      ansvarigtOrgan: 'KS',
      rubrik: '  Samverkan med Härnösand om ÅTERVINNING ',
      beskrivning: 'Utredning av gemensam återvinningscentral.',
      forslagTillBeslut: ['Ge kommunchefen i uppdrag att utreda.', 'Återrapportera senast juni.'],
    });
    expect(errors).toBeUndefined();
    expect(data!.registreraArende).toMatchObject({
      kommunkod: '2262',
      diarienummer: 'KS 2026/1',
      rubrik: 'Samverkan med Härnösand om ÅTERVINNING',
      status: 'OPPET',
      registrerad: TODAY,
      version: 1,
      ansvarigtOrgan: { kortnamn: 'KS' },
      statushistorik: [{ status: 'OPPET', datum: TODAY, kommentar: null }],
      forslagTillBeslut: [
        { nummer: 1, text: 'Ge kommunchefen i uppdrag att utreda.' },
        { nummer: 2, text: 'Återrapportera senast juni.' },
      ],
      sekretess: null,
    });
    // And it is there for the next reader.
    const read = await gql(LAS, { d: 'KS 2026/1' });
    expect(read.data!.arende).toMatchObject({ rubrik: 'Samverkan med Härnösand om ÅTERVINNING', version: 1 });
  });

  it('continues after the diarienummer already in the diarium (the seed’s KS 2020/1)', async () => {
    const { data, errors } = await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Efterregistrerat', registrerad: '2020-12-01' });
    expect(errors).toBeUndefined();
    expect(data!.registreraArende).toMatchObject({ diarienummer: 'KS 2020/2', registrerad: '2020-12-01' });
  });

  it('gives 50 concurrent registrations 50 distinct, gap-free diarienummer', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => registrera({ ansvarigtOrgan: 'BUN', rubrik: `Samtidig registrering ${i + 1}` })),
    );
    expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);
    const numbers = responses.map((r) => r.data!.registreraArende.diarienummer as string);
    expect(new Set(numbers).size).toBe(50);
    const serials = numbers.map((n) => Number(/^BUN 2026\/(\d+)$/.exec(n)![1])).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const list = await gql(`{ kommun(kommunkod: "2262") { arenden(filter: { organ: ["BUN"] }) { totalCount } } }`);
    expect(list.data!.kommun.arenden.totalCount).toBe(50);
  });

  it('refuses bad input with a code and the field, and writes nothing', async () => {
    const before = await counts();
    expect(refusal(await registrera({ ansvarigtOrgan: 'KS', rubrik: '   ' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'rubrik',
    });
    expect(refusal(await registrera({ ansvarigtOrgan: 'SN', rubrik: 'Okänd nämnd' }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'ansvarigtOrgan',
      message: expect.stringContaining('"SN"'),
    });
    expect(refusal(await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Framtid', registrerad: '2026-03-11' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'registrerad',
    });
    expect(
      refusal(await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Omöjligt datum', registrerad: '2026-02-30' })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'registrerad',
    });
    // Written into the document rather than a variable, the same day names the same field.
    expect(
      refusal(
        await gql(
          `mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Omöjligt", registrerad: "2026-02-30" }) { diarienummer } }`,
        ),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'registrerad', message: expect.stringContaining('2026-02-30') });
    expect(refusal(await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Fel kommun' }, '2281'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'kommunkod',
    });
    expect(
      refusal(await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Tom punkt', forslagTillBeslut: ['Bra', ' '] })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'forslagTillBeslut',
    });
    expect(await counts()).toEqual(before);
  });

  it('leaves no trace when it fails half-way, and the number it would have taken is given to the next', async () => {
    const before = await counts();
    // The status history insert, the last statement of a registration, fails.
    await timra.server.dataSource.query(`
      CREATE FUNCTION test_vagra_historik() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'history is broken'; END $$;
      CREATE TRIGGER test_vagra_historik BEFORE INSERT ON arende_status FOR EACH ROW EXECUTE FUNCTION test_vagra_historik();
    `);
    try {
      const failed = await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Halvvägs', forslagTillBeslut: ['Punkt'] });
      expect(failed.data).toBeNull();
      expect(failed.errors).toHaveLength(1);
    } finally {
      await timra.server.dataSource.query(
        `DROP TRIGGER test_vagra_historik ON arende_status; DROP FUNCTION test_vagra_historik();`,
      );
    }
    expect(await counts()).toEqual(before);
    const next = await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Efter felet' });
    expect(next.data!.registreraArende.diarienummer).toBe('KS 2026/2');
  });
});

describe('uppdateraArende and andraArendestatus (optimistic concurrency)', () => {
  it('gives one of two updates with the same version success and the other CONFLICT; the record holds the first', async () => {
    const [a, b] = await Promise.all([
      gql(UPPDATERA, { d: 'KS 2026/1', input: { version: 1, rubrik: 'Återvinning: ändring A' } }),
      gql(UPPDATERA, { d: 'KS 2026/1', input: { version: 1, rubrik: 'Återvinning: ändring B' } }),
    ]);
    const winner = a.errors ? b : a;
    const loser = a.errors ? a : b;
    expect(winner.errors).toBeUndefined();
    expect(winner.data!.uppdateraArende.version).toBe(2);
    expect(refusal(loser)).toMatchObject({ code: 'CONFLICT', field: 'version', message: expect.stringContaining('version 2') });
    const read = await gql(LAS, { d: 'KS 2026/1' });
    expect(read.data!.arende).toMatchObject({ rubrik: winner.data!.uppdateraArende.rubrik, version: 2 });
  });

  it('changes only what is given, clears beskrivning on null, and refuses an empty change', async () => {
    const { data, errors } = await gql(UPPDATERA, { d: 'KS 2026/1', input: { version: 2, beskrivning: null } });
    expect(errors).toBeUndefined();
    expect(data!.uppdateraArende).toMatchObject({ beskrivning: null, version: 3 });
    expect(data!.uppdateraArende.rubrik).toMatch(/^Återvinning: ändring [AB]$/);
    expect(refusal(await gql(UPPDATERA, { d: 'KS 2026/1', input: { version: 3 } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input',
    });
    expect(refusal(await gql(UPPDATERA, { d: 'KS 2026/1', input: { version: 3, rubrik: null } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'rubrik',
    });
    expect(refusal(await gql(UPPDATERA, { d: 'KS 2026/999', input: { version: 1, rubrik: 'X' } }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'diarienummer',
    });
  });

  it('changes the status with a history row, and refuses a stale version, the same status and a day before registration', async () => {
    const { data, errors } = await gql(ANDRA_STATUS, {
      d: 'KS 2026/1',
      input: { version: 3, status: 'VILANDE', kommentar: 'Inväntar budget.' },
    });
    expect(errors).toBeUndefined();
    expect(data!.andraArendestatus).toMatchObject({
      status: 'VILANDE',
      version: 4,
      statushistorik: [
        { status: 'OPPET', datum: TODAY, kommentar: null },
        { status: 'VILANDE', datum: TODAY, kommentar: 'Inväntar budget.' },
      ],
    });
    const stale = refusal(await gql(ANDRA_STATUS, { d: 'KS 2026/1', input: { version: 3, status: 'STANGT' } }));
    expect(stale).toMatchObject({ code: 'CONFLICT', field: 'version' });
    expect(refusal(await gql(ANDRA_STATUS, { d: 'KS 2026/1', input: { version: 4, status: 'VILANDE' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'status',
    });
    expect(
      refusal(await gql(ANDRA_STATUS, { d: 'KS 2026/1', input: { version: 4, status: 'OPPET', datum: '2026-01-01' } })),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'datum' });
    const read = await gql(LAS, { d: 'KS 2026/1' });
    expect(read.data!.arende).toMatchObject({
      status: 'VILANDE',
      version: 4,
      statushistorik: [{ status: 'OPPET' }, { status: 'VILANDE' }],
    });
  });

  it('keeps a makulerat ärende as it is', async () => {
    const done = await gql(ANDRA_STATUS, {
      d: 'KS 2020/2',
      input: { version: 1, status: 'MAKULERAT', kommentar: 'Felregistrerat.' },
    });
    expect(done.data!.andraArendestatus).toMatchObject({ status: 'MAKULERAT', version: 2 });
    expect(refusal(await gql(UPPDATERA, { d: 'KS 2020/2', input: { version: 2, rubrik: 'Igen' } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'diarienummer',
    });
  });
});

describe('registreraParagraf, gePaUppdrag and aterrapporteraUppdrag', () => {
  const PARAGRAF = `mutation($input: NyParagrafInput!) { registreraParagraf(kommunkod: "2262", input: $input) {
    kommunkod beteckning ar nummer datum utfall organ { kortnamn } arende { diarienummer } } }`;
  const UPPDRAG = `mutation($input: NyttUppdragInput!) { gePaUppdrag(kommunkod: "2262", input: $input) {
    kommunkod id mottagare deadline status forsenad givetI { beteckning } arende { diarienummer } } }`;
  const ATERRAPPORTERA = `mutation($id: ID!, $input: AterrapporteringInput!) { aterrapporteraUppdrag(kommunkod: "2262", id: $id, input: $input) {
    id status forsenad aterrapporteradI { beteckning } } }`;
  let uppdragId: string;

  it('records a paragraph numbered per organ and year, and refuses the same number twice', async () => {
    const input = { organ: 'KS', ar: 2026, nummer: 12, datum: '2026-02-03', utfall: 'BIFALL', diarienummer: 'KS 2026/1' };
    const { data, errors } = await gql(PARAGRAF, { input });
    expect(errors).toBeUndefined();
    expect(data!.registreraParagraf).toEqual({
      kommunkod: '2262',
      beteckning: 'KS 2026 § 12',
      ar: 2026,
      nummer: 12,
      datum: '2026-02-03',
      utfall: 'BIFALL',
      organ: { kortnamn: 'KS' },
      arende: { diarienummer: 'KS 2026/1' },
    });
    expect(refusal(await gql(PARAGRAF, { input }))).toMatchObject({
      code: 'CONFLICT',
      field: 'nummer',
      message: expect.stringContaining('KS 2026 § 12'),
    });
    // Another organ has its own numbers.
    expect(
      (await gql(PARAGRAF, { input: { ...input, organ: 'BUN', diarienummer: null } })).data!.registreraParagraf.beteckning,
    ).toBe('BUN 2026 § 12');
    expect(refusal(await gql(PARAGRAF, { input: { ...input, nummer: 13, datum: '2025-12-01' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'datum',
    });
    expect(refusal(await gql(PARAGRAF, { input: { ...input, nummer: 13, organ: 'SN' } }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'organ',
    });
    expect(refusal(await gql(PARAGRAF, { input: { ...input, nummer: 13, diarienummer: 'KS 1999/1' } }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'diarienummer',
    });
    const read = await gql(LAS, { d: 'KS 2026/1' });
    expect(read.data!.arende.behandlingar).toEqual([{ beteckning: 'KS 2026 § 12' }]);
  });

  it('gives an assignment in a paragraph, in the paragraph’s ärende', async () => {
    const { data, errors } = await gql(UPPDRAG, {
      input: {
        givetI: 'KS 2026 § 12',
        mottagare: 'Kommunchefen',
        beskrivning: 'Utred återvinningscentral.',
        deadline: '2026-03-01',
      },
    });
    expect(errors).toBeUndefined();
    expect(data!.gePaUppdrag).toMatchObject({
      kommunkod: '2262',
      mottagare: 'Kommunchefen',
      deadline: '2026-03-01',
      status: 'PAGAENDE',
      forsenad: true,
      givetI: { beteckning: 'KS 2026 § 12' },
      arende: { diarienummer: 'KS 2026/1' },
    });
    uppdragId = data!.gePaUppdrag.id;
    expect(refusal(await gql(UPPDRAG, { input: { givetI: 'KS 2026 § 99', mottagare: 'X', beskrivning: 'Y' } }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'givetI',
    });
    expect(
      refusal(
        await gql(UPPDRAG, { input: { givetI: 'KS 2026 § 12', mottagare: 'X', beskrivning: 'Y', deadline: '2026-01-01' } }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deadline' });
    const late = await gql(`{ kommun(kommunkod: "2262") { uppdrag(forsenade: true) { id } } }`);
    expect(late.data!.kommun.uppdrag.map((u: { id: string }) => u.id)).toContain(uppdragId);
  });

  it('reports an assignment back once, in a paragraph that exists', async () => {
    await gql(PARAGRAF, { input: { organ: 'KS', ar: 2026, nummer: 30, datum: '2026-03-09' } });
    expect(refusal(await gql(ATERRAPPORTERA, { id: 'inget-sadant', input: { aterrapporteradI: 'KS 2026 § 30' } }))).toMatchObject(
      {
        code: 'NOT_FOUND',
        field: 'id',
      },
    );
    expect(refusal(await gql(ATERRAPPORTERA, { id: uppdragId, input: { aterrapporteradI: 'KS 2026 § 31' } }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'aterrapporteradI',
    });
    const { data, errors } = await gql(ATERRAPPORTERA, { id: uppdragId, input: { aterrapporteradI: 'KS 2026 § 30' } });
    expect(errors).toBeUndefined();
    expect(data!.aterrapporteraUppdrag).toEqual({
      id: uppdragId,
      status: 'ATERRAPPORTERAT',
      forsenad: false,
      aterrapporteradI: { beteckning: 'KS 2026 § 30' },
    });
    expect(refusal(await gql(ATERRAPPORTERA, { id: uppdragId, input: { aterrapporteradI: 'KS 2026 § 30' } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'id',
    });
  });
});

describe('Kommun.arenden filters and sync', () => {
  const LISTA = `query($filter: ArendeFilter, $first: Int, $after: String) { kommun(kommunkod: "2262") {
    arenden(filter: $filter, first: $first, after: $after) { totalCount
      nodes { diarienummer status uppdaterad } pageInfo { hasNextPage endCursor } } } }`;
  const lista = async (filter: Record<string, unknown>, first = 100, after?: string) => {
    const response = await gql(LISTA, { filter, first, after });
    expect(response.errors).toBeUndefined();
    return response.data!.kommun.arenden as {
      totalCount: number;
      nodes: { diarienummer: string; status: string; uppdaterad: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const diarienummer = (page: { nodes: { diarienummer: string }[] }) => page.nodes.map((n) => n.diarienummer);

  it('finds text in rubrik or beskrivning whatever the case, å, ä and ö included', async () => {
    for (const text of ['SAMVERKAN', 'samverkan', 'SamVerkan']) {
      expect(diarienummer(await lista({ text }))).toEqual(['KS 2020/1']);
    }
    // The seed's ärende names "Härnösands kommun" in its beskrivning.
    for (const text of ['Härnösand', 'HÄRNÖSAND', 'härnösand']) {
      expect(diarienummer(await lista({ text }))).toEqual(['KS 2020/1']);
    }
    // KS 2026/1's rubrik is now "Återvinning: ändring A" (or B).
    for (const text of ['återvinning', 'ÅTERVINNING', 'ÄNDRING']) {
      expect(diarienummer(await lista({ text }))).toEqual(['KS 2026/1']);
    }
    // Every word must match; LIKE's wildcards are plain characters.
    expect(diarienummer(await lista({ text: 'samverkan härnösand' }))).toEqual(['KS 2020/1']);
    expect((await lista({ text: '100%' })).totalCount).toBe(0);
  });

  it('filters by status, organ and registration day', async () => {
    expect(diarienummer(await lista({ status: ['VILANDE', 'MAKULERAT'] }))).toEqual(['KS 2026/1', 'KS 2020/2']);
    expect((await lista({ organ: ['KS'] })).totalCount).toBe(4);
    expect(diarienummer(await lista({ registreradFran: '2020-01-01', registreradTill: '2020-12-31' }))).toEqual([
      'KS 2020/2',
      'KS 2020/1',
    ]);
    expect(diarienummer(await lista({ registreradTill: '2020-11-30' }))).toEqual(['KS 2020/1']);
    expect((await lista({ registreradFran: TODAY, organ: ['BUN'], status: ['OPPET'] })).totalCount).toBe(50);
    const wrong = await gql(LISTA, { filter: { registreradFran: '2026-01-01', registreradTill: '2025-01-01' } });
    expect(refusal(wrong)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'registreradTill' });
  });

  it('returns, with uppdateradSedan, exactly what changed since, tombstones included, page by page', async () => {
    const everything = await lista({ uppdateradSedan: '2000-01-01T00:00:00Z' });
    expect(everything.totalCount).toBe(54);
    const since = everything.nodes.at(-1)!.uppdaterad;
    expect(await lista({ uppdateradSedan: since })).toMatchObject({ totalCount: 0, nodes: [] });

    const nytt = await registrera({ ansvarigtOrgan: 'KS', rubrik: 'Nytt efter synk' });
    const makulerat = await gql(ANDRA_STATUS, { d: 'BUN 2026/7', input: { version: 1, status: 'MAKULERAT' } });
    const andrat = await gql(UPPDATERA, { d: 'BUN 2026/3', input: { version: 1, rubrik: 'Ändrad efter synk' } });
    expect([nytt, makulerat, andrat].flatMap((r) => r.errors ?? [])).toEqual([]);

    const changes = await lista({ uppdateradSedan: since });
    expect(changes.nodes.map((n) => [n.diarienummer, n.status])).toEqual([
      ['KS 2026/3', 'OPPET'],
      ['BUN 2026/7', 'MAKULERAT'],
      ['BUN 2026/3', 'OPPET'],
    ]);
    expect(changes.totalCount).toBe(3);

    // The same changes one page at a time, and a cursor of the other order refused.
    const first = await lista({ uppdateradSedan: since }, 2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await lista({ uppdateradSedan: since }, 2, first.pageInfo.endCursor!);
    expect([...diarienummer(first), ...diarienummer(second)]).toEqual(['KS 2026/3', 'BUN 2026/7', 'BUN 2026/3']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const registeredOrder = await lista({}, 1);
    const mixed = await gql(LISTA, { filter: { uppdateradSedan: since }, first: 2, after: registeredOrder.pageInfo.endCursor });
    expect(refusal(mixed)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    // Continuing from the last change seen returns nothing new.
    expect((await lista({ uppdateradSedan: changes.nodes.at(-1)!.uppdaterad })).totalCount).toBe(0);
    expect(refusal(await gql(LISTA, { filter: { uppdateradSedan: '2026-03-10T10:00:00' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});

describe('SQL in a write', () => {
  it('stores it as text and gives it back as written, and every table is still there', async () => {
    const rubrik = "Robert'); DROP TABLE arende; --";
    const before = await counts();
    const { data, errors } = await registrera({
      ansvarigtOrgan: 'KS',
      rubrik,
      forslagTillBeslut: ["'; DELETE FROM beslutspunkt; --"],
    });
    expect(errors).toBeUndefined();
    expect(data!.registreraArende).toMatchObject({
      rubrik,
      forslagTillBeslut: [{ nummer: 1, text: "'; DELETE FROM beslutspunkt; --" }],
    });
    const found = await gql(
      `query($t: String!) { kommun(kommunkod: "2262") { arenden(filter: { text: $t }) { nodes { rubrik } } } }`,
      {
        t: rubrik,
      },
    );
    expect(found.data!.kommun.arenden.nodes).toEqual([{ rubrik }]);
    const after = await counts();
    expect(after).toMatchObject({ arenden: before.arenden + 1, punkter: before.punkter + 1, historik: before.historik + 1 });
  });
});
