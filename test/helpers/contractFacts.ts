/**
 * The seed's facts as every contract operation answers them through a gateway: the e2e test asks
 * a gateway it starts in-process, `npm run test:containers` the containerised one. `run` sends
 * the operation as that gateway takes it and returns its data, failing on any error.
 */
export type RunContractOperation = (
  file: string,
  name: string,
  variables?: Record<string, unknown>,
) => Promise<Record<string, any>>;

export function contractFacts(run: RunContractOperation): void {
  it('KommunOversikt lists the three kommuner in registry order with their organs and ärenden', async () => {
    const data = await run('oversikt.graphql', 'KommunOversikt');
    expect(data.kommuner.map((k: { kommunkod: string; namn: string; lan: string }) => [k.kommunkod, k.namn, k.lan])).toEqual([
      ['2281', 'Sundsvall', 'Västernorrlands län'],
      ['2262', 'Timrå', 'Västernorrlands län'],
      ['2280', 'Härnösand', 'Västernorrlands län'],
    ]);
    const [sundsvall, timra, harnosand] = data.kommuner;
    expect(timra.organ.map((o: { kortnamn: string }) => o.kortnamn)).toEqual(['BUN', 'KS']);
    expect(timra.arenden.totalCount).toBe(1);
    expect(timra.arenden.nodes[0]).toMatchObject({
      kommunkod: '2262',
      rubrik: 'Uppföljning uppdrag samverkan Sundsvall-Timrå',
      status: 'OPPET',
    });
    expect(sundsvall.organ).toEqual([{ id: 'KS', kortnamn: 'KS', namn: 'Kommunstyrelsen', typ: 'STYRELSE' }]);
    expect(harnosand.organ).toEqual([]);
    expect(harnosand.arenden).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('SokArenden finds the follow-up by text in the kommuner asked for', async () => {
    const data = await run('oversikt.graphql', 'SokArenden', { kommunkoder: ['2281', '2262'], text: 'SAMVERKAN' });
    expect(data.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toEqual(['2281', '2262']);
    expect(data.kommuner[0].arenden.totalCount).toBe(0);
    expect(data.kommuner[1].arenden.nodes.map((n: { rubrik: string }) => n.rubrik)).toEqual([
      'Uppföljning uppdrag samverkan Sundsvall-Timrå',
    ]);
  });

  it('ArendeDetalj tells the ärende in full, with its collaboration areas from the samverkan subgraph', async () => {
    const { arende } = await run('arende.graphql', 'ArendeDetalj', { kommunkod: '2262', diarienummer: 'KS 2020/1' });
    expect(arende.ansvarigtOrgan).toEqual({ kortnamn: 'KS', namn: 'Kommunstyrelsen' });
    expect(arende.forslagTillBeslut.map((p: { nummer: number }) => p.nummer)).toEqual([1, 2, 3, 4]);
    expect(arende.forslagTillBeslut[0].text).toBe('Godkänna uppföljning av uppdraget samverkan Sundsvall-Timrå.');
    expect(
      arende.behandlingar.map((p: { beteckning: string; organ: { kortnamn: string } }) => [p.beteckning, p.organ.kortnamn]),
    ).toEqual([
      ['KS 2019 § 65', 'KS'],
      ['KS 2019 § 241', 'KS'],
      ['KS 2019 § 257', 'KS'],
      ['BUN 2019 § 68', 'BUN'],
      ['KS 2020 § 40', 'KS'],
    ]);
    expect(arende.behandlingar[3].utfall).toBe('AVSKRIVNING');
    expect(arende.beslutsunderlag).toContainEqual({ titel: 'Protokollsutdrag till Kommunchefen', typ: 'PROTOKOLLSUTDRAG' });
    expect(arende.uppdrag).toContainEqual(
      expect.objectContaining({ mottagare: 'Kommunchefen', deadline: '2021-12-31', status: 'PAGAENDE', forsenad: true }),
    );
    expect(arende.samverkansomraden.map((o: { namn: string; status: string }) => [o.namn, o.status]).sort()).toEqual([
      ['EU-samordning', 'STARTAT'],
      ['Gemensam kostorganisation', 'AVSKRIVET'],
      ['Inköpsanalys', 'STARTAT'],
      ['Kollektivtrafik/stadstrafik', 'AVVAKTAR'],
      ['Tjänster servicecenter', 'AVVAKTAR'],
    ]);
  });

  it('Paragraf finds KS 2019 § 65 and the ärende it belongs to', async () => {
    const { paragraf } = await run('arende.graphql', 'Paragraf', { kommunkod: '2262', beteckning: 'KS 2019 § 65' });
    expect(paragraf).toMatchObject({ kommunkod: '2262', ar: 2019, nummer: 65, datum: null, organ: { kortnamn: 'KS' } });
    expect(paragraf.beslutstext).toContain('Likalydande beslut har fattats i Sundsvall');
    expect(paragraf.arende.rubrik).toBe('Uppföljning uppdrag samverkan Sundsvall-Timrå');
  });

  it('SamverkanDashboard shows parties, areas, history, the EU agreement and each kommun’s decisions', async () => {
    const { samverkan } = await run('samverkan.graphql', 'SamverkanDashboard');
    expect(samverkan).toHaveLength(1);
    const [board] = samverkan;
    expect(board.namn).toBe('Fördjupad samverkan Sundsvall–Timrå');
    expect(board.parter.map((p: { status: string; kommun: { namn: string } }) => [p.kommun.namn, p.status])).toEqual([
      ['Sundsvall', 'ANSLUTEN'],
      ['Timrå', 'ANSLUTEN'],
      ['Härnösand', 'INTRESSERAD'],
    ]);
    const area = (id: string) => board.omraden.find((o: { id: string }) => o.id === id);
    expect(area('eu-samordning')).toMatchObject({ status: 'STARTAT', form: 'TJANSTEKOP' });
    expect(area('inkopsanalys')).toMatchObject({ status: 'STARTAT', form: 'FORDJUPAD_SAMVERKAN' });
    expect(area('kostorganisation')).toMatchObject({ status: 'AVSKRIVET', form: 'GEMENSAM_ORGANISATION' });
    expect(area('kollektivtrafik')).toMatchObject({ status: 'AVVAKTAR', form: null });
    // The Corona pause and the restart in autumn 2020.
    expect(area('eu-samordning').statushistorik.map((s: { status: string }) => s.status)).toEqual([
      'IDENTIFIERAT',
      'UTREDS',
      'STARTAT',
      'AVVAKTAR',
      'STARTAT',
    ]);
    const [avtal] = area('eu-samordning').avtal;
    expect(avtal).toMatchObject({ resurs: 'EU-samordnare', tecknat: null, rattsligGrund: null });
    expect(
      avtal.parter.map((p: { kommun: { namn: string }; kostnadsandel: number | null }) => [p.kommun.namn, p.kostnadsandel]),
    ).toEqual([
      ['Sundsvall', null],
      ['Timrå', null],
    ]);
    const beslut = area('kostorganisation').beslut;
    expect(beslut.map((p: { kommunkod: string; beteckning: string }) => `${p.kommunkod} ${p.beteckning}`)).toEqual([
      '2262 KS 2019 § 65',
      '2281 KS 2019 (likalydande beslut)',
      '2262 KS 2019 § 241',
      '2262 KS 2019 § 257',
      '2262 BUN 2019 § 68',
      '2262 KS 2020 § 40',
    ]);
    // Resolved in each kommun's own subgraph.
    expect(beslut[1].organ).toEqual({ kortnamn: 'KS', namn: 'Kommunstyrelsen' });
    expect(beslut[4]).toMatchObject({ utfall: 'AVSKRIVNING', organ: { kortnamn: 'BUN', namn: 'Barn- och utbildningsnämnden' } });
  });

  it('KommunensSamverkan lists the areas a kommun takes part in', async () => {
    const timra = await run('samverkan.graphql', 'KommunensSamverkan', { kommunkod: '2262' });
    expect(timra.kommun.namn).toBe('Timrå');
    expect(timra.kommun.samverkansomraden).toHaveLength(5);
    const harnosand = await run('samverkan.graphql', 'KommunensSamverkan', { kommunkod: '2280' });
    expect(harnosand.kommun).toEqual({ kommunkod: '2280', namn: 'Härnösand', samverkansomraden: [] });
  });

  it('ForsenadeUppdrag finds the assignment to kommunchefen due December 2021, not reported back', async () => {
    const data = await run('uppdrag.graphql', 'ForsenadeUppdrag');
    const byKommun = Object.fromEntries(data.kommuner.map((k: { namn: string; uppdrag: unknown[] }) => [k.namn, k.uppdrag]));
    expect(byKommun.Sundsvall).toEqual([]);
    expect(byKommun['Härnösand']).toEqual([]);
    expect(byKommun['Timrå']).toEqual([
      {
        id: 'kommunchefen-samverkan-2021',
        mottagare: 'Kommunchefen',
        beskrivning: 'Fortsätta fördjupa och samordna samverkan och återrapportera utfall.',
        deadline: '2021-12-31',
        status: 'PAGAENDE',
        forsenad: true,
        givetI: null,
      },
    ]);
  });

  it('Statistik adds the kommuner up: the Timrå ärende counted once, KS 2019 paragraphs of two kommuner together', async () => {
    const { statistik } = await run('statistik.graphql', 'Statistik');
    expect(statistik.arenden).toEqual([{ status: 'OPPET', organ: 'KS', ar: 2020, antal: 1 }]);
    expect(statistik.uppdrag).toEqual([
      { status: 'ATERRAPPORTERAT', antal: 2, forsenade: 0 },
      { status: 'PAGAENDE', antal: 1, forsenade: 1 },
    ]);
    // Sundsvall's likalydande KS 2019 paragraph and Timrå's three, added up.
    expect(statistik.paragrafer).toEqual([
      { organ: 'KS', ar: 2019, antal: 4 },
      { organ: 'BUN', ar: 2019, antal: 1 },
      { organ: 'KS', ar: 2020, antal: 1 },
    ]);
  });

  it('StatistikPerKommun keeps the kommuner apart, and counts only those asked for', async () => {
    const { statistik } = await run('statistik.graphql', 'StatistikPerKommun', { kommunkoder: ['2281', '2262'] });
    expect(statistik).toEqual({
      arenden: [{ kommunkod: '2262', status: 'OPPET', antal: 1 }],
      uppdrag: [{ kommunkod: '2262', antal: 3, forsenade: 1 }],
      paragrafer: [
        { kommunkod: '2281', antal: 1 },
        { kommunkod: '2262', antal: 5 },
      ],
    });
  });
  it('Handlingar lists the ärende’s documents of the seed: Vision 2025 and the protocol extract, without files', async () => {
    const { arende } = await run('handlingar.graphql', 'Handlingar', { kommunkod: '2262', diarienummer: 'KS 2020/1' });
    expect(
      arende.beslutsunderlag.map((h: { titel: string; typ: string; fil: unknown; url: unknown }) => [
        h.titel,
        h.typ,
        h.fil,
        h.url,
      ]),
    ).toEqual([
      ['Vision 2025', 'BESLUTSUNDERLAG', null, null],
      ['Protokollsutdrag till Kommunchefen', 'PROTOKOLLSUTDRAG', null, null],
    ]);
    expect(
      arende.beslutsunderlag.every((h: { kommunkod: string; id: string }) => h.kommunkod === '2262' && /^\d+$/.test(h.id)),
    ).toBe(true);
  });

  it('LikalydandeBeslut: Timrå decided in KS 2019 § 65, Sundsvall likalydande without a known paragraph, none still to decide', async () => {
    const { likalydandeBeslut } = await run('likalydande.graphql', 'LikalydandeBeslut');
    expect(likalydandeBeslut).toHaveLength(1);
    const [beslut] = likalydandeBeslut;
    expect(beslut).toMatchObject({
      lydelse:
        'Kommunstyrelsen har uppdragit till kommunchefen att identifiera samverkansområden och återkomma till kommunstyrelsen.',
      illustrativaFalt: ['rubrik'],
      samverkan: { id: 'sundsvall-timra', namn: 'Fördjupad samverkan Sundsvall–Timrå' },
      beslutat: [
        { kommunkod: '2262', namn: 'Timrå' },
        { kommunkod: '2281', namn: 'Sundsvall' },
      ],
      ejBeslutat: [],
    });
    expect(beslut.parter).toEqual([
      {
        kommun: { kommunkod: '2262', namn: 'Timrå' },
        beslutat: true,
        paragrafOkand: false,
        uppgift: null,
        beslut: {
          kommunkod: '2262',
          beteckning: 'KS 2019 § 65',
          datum: null,
          organ: { kortnamn: 'KS', namn: 'Kommunstyrelsen' },
        },
      },
      {
        kommun: { kommunkod: '2281', namn: 'Sundsvall' },
        beslutat: true,
        paragrafOkand: true,
        uppgift: 'Likalydande beslut har fattats i Sundsvall.',
        beslut: null,
      },
    ]);
  });

  it('SammantradeDetalj tells the KS meeting that treated the follow-up: its item, and the extract sent to the kommunchef', async () => {
    const { sammantrade } = await run('sammantraden.graphql', 'SammantradeDetalj', {
      kommunkod: '2262',
      id: 'ks-2020-uppfoljning-samverkan',
    });
    expect(sammantrade).toEqual({
      kommunkod: '2262',
      id: 'ks-2020-uppfoljning-samverkan',
      organ: { kortnamn: 'KS', namn: 'Kommunstyrelsen' },
      // The document states no day, time or place of the meeting, nor who was present.
      datum: null,
      borjar: null,
      plats: null,
      status: 'GENOMFORT',
      dagordning: [
        {
          nummer: 1,
          rubrik: 'Uppföljning uppdrag samverkan Sundsvall-Timrå',
          arende: {
            kommunkod: '2262',
            diarienummer: 'KS 2020/1',
            rubrik: 'Uppföljning uppdrag samverkan Sundsvall-Timrå',
            status: 'OPPET',
          },
          // The paragraph of the decision is not in the document.
          paragraf: null,
          illustrativaFalt: ['nummer'],
        },
      ],
      protokoll: {
        justeringsdag: null,
        justerare: [],
        anslagsdag: null,
        overklagandetidSlutar: null,
        utdrag: [{ mottagare: 'Kommunchefen', expedierat: null, expedieratAr: 2020 }],
        illustrativaFalt: [],
      },
      narvarande: null,
      illustrativaFalt: [],
    });
  });

  it('Sammantraden lists the one meeting the document tells of, in Timrå only', async () => {
    const { kommuner } = await run('sammantraden.graphql', 'Sammantraden', { lan: '22' });
    expect(
      kommuner.map((k: { namn: string; sammantraden: { id: string }[] }) => [k.namn, k.sammantraden.map((s) => s.id)]),
    ).toEqual([
      ['Sundsvall', []],
      ['Timrå', ['ks-2020-uppfoljning-samverkan']],
      ['Härnösand', []],
    ]);
    // Its day is not known, so a period leaves it out.
    const inPeriod = await run('sammantraden.graphql', 'Sammantraden', {
      kommunkoder: ['2262'],
      fran: '2020-01-01',
      till: '2020-12-31',
    });
    expect(inPeriod.kommuner).toEqual([{ kommunkod: '2262', namn: 'Timrå', sammantraden: [] }]);
  });

  it('OverklagbaraBeslut finds none in the seed: the document gives no anslagsdag, so no appeal window is known', async () => {
    const data = await run('sammantraden.graphql', 'OverklagbaraBeslut', { lan: '22', per: '2020-12-31' });
    expect(data.overklagbaraBeslut).toEqual([]);
  });

  it('Ledamoter has no members for Timrå: the document names none (the kommunchef is an official, not a member)', async () => {
    const { kommun } = await run('sammantraden.graphql', 'Ledamoter', { kommunkod: '2262' });
    expect(kommun.ledamoter).toEqual([]);
    expect(kommun.organ).toEqual([
      { kortnamn: 'BUN', namn: 'Barn- och utbildningsnämnden', ledamotskap: [] },
      { kortnamn: 'KS', namn: 'Kommunstyrelsen', ledamotskap: [] },
    ]);
  });
}
