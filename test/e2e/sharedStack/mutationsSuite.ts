import { signDevToken } from '#dev-tools/devIssuer';
import { postGraphQL, type GraphQLResponse } from '../../helpers/graphql';
import { contractOperation, type TestStack } from '../../helpers/stack';

/**
 * Writes through the gateway, and likalydande beslut reported as kommuner decide. They change
 * what the read-only suites read (an ärende and a paragraph in Timrå, a samverkan status, a new
 * likalydande beslut), so test/e2e/sharedStack.test.ts runs them after those suites; they expect
 * the seed as it was, with no ärende registered in Timrå this year, so they run before any
 * suite that registers one.
 */
export function mutationsSuite(stack: () => TestStack): void {
  // A case officer of Timrå who also coordinates the collaboration, from the development issuer.
  let token: string;
  beforeAll(async () => {
    token = await signDevToken(stack().keysDir, {
      sub: 'handlaggare-timra',
      kommunkod: '2262',
      roller: ['HANDLAGGARE', 'SAMORDNARE'],
    });
  });

  const gateway = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
    postGraphQL(stack().gateway.url, query, variables, operationName, { authorization: `Bearer ${token}` });
  const contract = (name: string, variables: Record<string, unknown>) =>
    gateway(contractOperation('mutationer.graphql', name), variables, name);

  function refusal(response: GraphQLResponse) {
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    return { code: error.extensions?.code, field: error.extensions?.field, message: error.message };
  }

  // The kommun registers in its own time zone.
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  const year = today.slice(0, 4);

  describe('writes through the gateway', () => {
    let diarienummer: string;

    it('RegistreraArende registers an ärende in Timrå, which assigns its diarienummer', async () => {
      const response = await contract('RegistreraArende', {
        kommunkod: '2262',
        input: { ansvarigtOrgan: 'KS', rubrik: 'Fördjupad samverkan med Härnösands kommun 2021' },
      });
      expect(response.errors).toBeUndefined();
      expect(response.data!.registreraArende).toEqual({
        kommunkod: '2262',
        diarienummer: `KS ${year}/1`,
        rubrik: 'Fördjupad samverkan med Härnösands kommun 2021',
        status: 'OPPET',
        registrerad: today,
        version: 1,
      });
      diarienummer = response.data!.registreraArende.diarienummer;
      // Only Timrå holds it.
      const read = await gateway(
        `query($d: String!) { a: arende(kommunkod: "2262", diarienummer: $d) { rubrik }
        b: arende(kommunkod: "2281", diarienummer: $d) { rubrik } }`,
        { d: diarienummer },
      );
      expect(read.data).toEqual({ a: { rubrik: 'Fördjupad samverkan med Härnösands kommun 2021' }, b: null });
    });

    it('RegistreraArende refusals keep their code and field through the gateway', async () => {
      // A Timrå case officer may not write in Härnösand's diarium.
      const elsewhere = await contract('RegistreraArende', {
        kommunkod: '2280',
        input: { ansvarigtOrgan: 'KS', rubrik: 'Test' },
      });
      expect(refusal(elsewhere)).toMatchObject({ code: 'FORBIDDEN' });
      // Härnösand's own case officer may, but its diarium has no organs yet.
      const harnosand = await signDevToken(stack().keysDir, {
        sub: 'handlaggare-harnosand',
        kommunkod: '2280',
        roller: ['HANDLAGGARE'],
      });
      const noOrgan = await postGraphQL(
        stack().gateway.url,
        contractOperation('mutationer.graphql', 'RegistreraArende'),
        { kommunkod: '2280', input: { ansvarigtOrgan: 'KS', rubrik: 'Test' } },
        'RegistreraArende',
        { authorization: `Bearer ${harnosand}` },
      );
      expect(refusal(noOrgan)).toMatchObject({ code: 'NOT_FOUND', field: 'ansvarigtOrgan' });
      const empty = await contract('RegistreraArende', { kommunkod: '2262', input: { ansvarigtOrgan: 'KS', rubrik: '' } });
      expect(refusal(empty)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rubrik' });
      const impossible = await contract('RegistreraArende', {
        kommunkod: '2262',
        input: { ansvarigtOrgan: 'KS', rubrik: 'Test', registrerad: '2021-02-30' },
      });
      expect(refusal(impossible)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'registrerad' });
      expect(impossible.errors?.[0].message).toContain('2021-02-30');
      // A kommun the graph does not hold: refused by the router, whoever asks.
      const outside = await signDevToken(stack().keysDir, {
        sub: 'handlaggare-9999',
        kommunkod: '9999',
        roller: ['HANDLAGGARE'],
      });
      const unknown = await postGraphQL(
        stack().gateway.url,
        contractOperation('mutationer.graphql', 'RegistreraArende'),
        { kommunkod: '9999', input: { ansvarigtOrgan: 'KS', rubrik: 'Test' } },
        'RegistreraArende',
        { authorization: `Bearer ${outside}` },
      );
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'UNKNOWN_KOMMUN', kommunkod: '9999' });
    });

    it('AndraSamverkansstatus records a change decided in a Timrå paragraph, which the graph then resolves in Timrå', async () => {
      const paragraf = await gateway(
        `mutation($input: NyParagrafInput!) { registreraParagraf(kommunkod: "2262", input: $input) { beteckning } }`,
        {
          input: {
            organ: 'KS',
            ar: 2021,
            nummer: 30,
            datum: '2021-03-15',
            rubrik: 'Kollektivtrafik utreds gemensamt',
            utfall: 'BIFALL',
            diarienummer: 'KS 2020/1',
          },
        },
      );
      expect(paragraf.errors).toBeUndefined();
      expect(paragraf.data!.registreraParagraf.beteckning).toBe('KS 2021 § 30');

      const response = await contract('AndraSamverkansstatus', {
        id: 'kollektivtrafik',
        input: {
          status: 'UTREDS',
          datum: '2021-03-15',
          kommentar: 'Utredningen återupptas.',
          beslut: { kommunkod: '2262', beteckning: 'KS 2021 § 30' },
        },
      });
      expect(response.errors).toBeUndefined();
      const omrade = response.data!.andraSamverkansstatus;
      expect(omrade).toMatchObject({ id: 'kollektivtrafik', status: 'UTREDS' });
      expect(omrade.statushistorik.map((s: { status: string }) => s.status)).toEqual(['IDENTIFIERAT', 'AVVAKTAR', 'UTREDS']);
      expect(omrade.statushistorik.at(-1)).toEqual({
        status: 'UTREDS',
        datum: '2021-03-15',
        kommentar: 'Utredningen återupptas.',
        beslut: { kommunkod: '2262', beteckning: 'KS 2021 § 30' },
      });

      const read = await gateway(`{ samverkansomrade(id: "kollektivtrafik") { status
        statushistorik { beslut { beteckning rubrik organ { kortnamn } } } } }`);
      expect(read.errors).toBeUndefined();
      expect(read.data!.samverkansomrade.status).toBe('UTREDS');
      expect(read.data!.samverkansomrade.statushistorik.at(-1).beslut).toEqual({
        beteckning: 'KS 2021 § 30',
        rubrik: 'Kollektivtrafik utreds gemensamt',
        organ: { kortnamn: 'KS' },
      });

      const backwards = await contract('AndraSamverkansstatus', {
        id: 'kollektivtrafik',
        input: { status: 'STARTAT', datum: '2021-01-01' },
      });
      expect(refusal(backwards)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'datum' });
      const impossible = await contract('AndraSamverkansstatus', {
        id: 'kollektivtrafik',
        input: { status: 'STARTAT', datum: '2021-02-30' },
      });
      expect(refusal(impossible)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'datum' });
      expect(impossible.errors?.[0].message).toContain('2021-02-30');
      // Written into the operation instead of a variable, the day is refused with the same message.
      const literal = await gateway(
        `mutation { andraSamverkansstatus(id: "kollektivtrafik", input: { status: STARTAT, datum: "2021-02-30" }) { id } }`,
      );
      expect(literal.errors?.[0].message).toContain('Date must be a real calendar day');
      expect(refusal(literal)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'datum' });
    });

    it('finds ärenden by text across kommuner and keeps a copy current with uppdateradSedan', async () => {
      const search = await gateway(
        contractOperation('oversikt.graphql', 'SokArenden'),
        { kommunkoder: ['2281', '2262'], text: 'HÄRNÖSANDS' },
        'SokArenden',
      );
      expect(search.errors).toBeUndefined();
      expect(search.data!.kommuner[0].arenden.totalCount).toBe(0);
      expect(search.data!.kommuner[1].arenden.nodes.map((n: { diarienummer: string }) => n.diarienummer)).toEqual([
        diarienummer,
        'KS 2020/1',
      ]);

      const SYNK = `query($sedan: DateTime!) { kommun(kommunkod: "2262") {
        arenden(filter: { uppdateradSedan: $sedan }, first: 100) { totalCount nodes { diarienummer status version uppdaterad } } } }`;
      const all = await gateway(SYNK, { sedan: '2000-01-01T00:00:00Z' });
      expect(all.errors).toBeUndefined();
      const copy = all.data!.kommun.arenden.nodes as { diarienummer: string; uppdaterad: string }[];
      expect(copy.map((n) => n.diarienummer).sort()).toEqual([diarienummer, 'KS 2020/1'].sort());
      const since = copy.at(-1)!.uppdaterad;

      const makulera = await gateway(
        `mutation($d: String!) { andraArendestatus(kommunkod: "2262", diarienummer: $d,
           input: { version: 1, status: MAKULERAT, kommentar: "Registrerat två gånger." }) { status version } }`,
        { d: diarienummer },
      );
      expect(makulera.data!.andraArendestatus).toEqual({ status: 'MAKULERAT', version: 2 });
      const stale = await gateway(
        `mutation($d: String!) { uppdateraArende(kommunkod: "2262", diarienummer: $d, input: { version: 1, rubrik: "Sent" }) { version } }`,
        { d: diarienummer },
      );
      expect(refusal(stale)).toMatchObject({ code: 'CONFLICT', field: 'version' });

      const changes = await gateway(SYNK, { sedan: since });
      expect(changes.errors).toBeUndefined();
      expect(changes.data!.kommun.arenden).toMatchObject({
        totalCount: 1,
        nodes: [{ diarienummer, status: 'MAKULERAT', version: 2 }],
      });
    });
  });

  describe('likalydande beslut through the gateway', () => {
    const REGISTRERA = `mutation($input: NyttLikalydandeBeslutInput!) { registreraLikalydandeBeslut(input: $input) { id } }`;
    const ANMAL = `mutation($id: ID!, $input: LikalydandeBeslutsanmalanInput!) { anmalLikalydandeBeslut(id: $id, input: $input) { id } }`;
    const dashboard = async (id: string) => {
      const response = await postGraphQL(
        stack().gateway.url,
        contractOperation('likalydande.graphql', 'LikalydandeBeslut'),
        {},
        'LikalydandeBeslut',
      );
      expect(response.errors).toBeUndefined();
      return response.data!.likalydandeBeslut.find((b: { id: string }) => b.id === id);
    };

    it('tells, in one query, which kommuner have decided and which have not yet, as decisions are reported', async () => {
      const created = await gateway(REGISTRERA, {
        input: {
          samverkanId: 'sundsvall-timra',
          rubrik: 'Prioritering av samverkansområden',
          lydelse: 'Prioritera områden för samverkan i ett första steg.',
          kommuner: ['2262', '2281', '2280'],
          beslut: [{ kommunkod: '2262', beteckning: 'KS 2019 § 257' }],
        },
      });
      expect(created.errors).toBeUndefined();
      const { id } = created.data!.registreraLikalydandeBeslut;
      const before = await dashboard(id);
      expect(before.ejBeslutat).toEqual([
        { kommunkod: '2281', namn: 'Sundsvall' },
        { kommunkod: '2280', namn: 'Härnösand' },
      ]);
      // Timrå's paragraph is resolved in Timrå's own subgraph.
      expect(before.parter[0].beslut).toMatchObject({ beteckning: 'KS 2019 § 257', organ: { kortnamn: 'KS' } });

      const reported = await gateway(ANMAL, { id, input: { kommunkod: '2280', uppgift: 'Beslut fattat i Härnösand.' } });
      expect(reported.errors).toBeUndefined();
      const after = await dashboard(id);
      expect(after.beslutat.map((k: { namn: string }) => k.namn)).toEqual(['Timrå', 'Härnösand']);
      expect(after.ejBeslutat).toEqual([{ kommunkod: '2281', namn: 'Sundsvall' }]);
      expect(after.parter[2]).toMatchObject({
        beslutat: true,
        paragrafOkand: true,
        beslut: null,
        uppgift: 'Beslut fattat i Härnösand.',
      });
    });

    it('is refused to one who is not a samordnare', async () => {
      const anonymous = await postGraphQL(stack().gateway.url, ANMAL, {
        id: 'identifiera-samverkansomraden-2019',
        input: { kommunkod: '2281' },
      });
      expect(refusal(anonymous).code).toBe('UNAUTHENTICATED');
    });
  });
}
