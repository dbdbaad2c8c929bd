import { SUNDSVALL, SUNDSVALL_LIKALYDANDE, TIMRA, UPPFOLJNINGSARENDE } from './source';

/** Seed records of one kommun, in the shape of the kommun subgraph's tables. */
export interface KommunSeed {
  organ: { id: string; kortnamn: string; namn: string; typ: 'STYRELSE' | 'NAMND' }[];
  arenden: {
    diarienummer: string;
    rubrik: string;
    beskrivning: string;
    status: 'OPPET';
    registrerad: string;
    ansvarigtOrganId: string;
    illustrativaFalt: string[];
    forslagTillBeslut: string[];
    handlingar: { titel: string; typ: 'BESLUTSUNDERLAG' | 'PROTOKOLLSUTDRAG' }[];
  }[];
  /** In the order the document tells them; paragraphs without a date keep this order. */
  paragrafer: {
    beteckning: string;
    organId: string;
    ar: number;
    nummer: number | null;
    rubrik: string;
    beslutstext: string;
    utfall: 'BIFALL' | 'INFORMATION' | 'AVSKRIVNING';
    diarienummer: string | null;
    illustrativaFalt: string[];
  }[];
  uppdrag: {
    id: string;
    beskrivning: string;
    mottagare: string;
    givetI: string | null;
    diarienummer: string;
    deadline: string | null;
    status: 'PAGAENDE' | 'ATERRAPPORTERAT';
    aterrapporteradI: string | null;
    illustrativaFalt: string[];
  }[];
  /** Meetings with their dagordning and protokoll; absent when the document tells of none. */
  sammantraden?: {
    id: string;
    organId: string;
    datum: string | null;
    borjar: string | null;
    plats: string | null;
    status: 'PLANERAT' | 'GENOMFORT' | 'INSTALLT';
    illustrativaFalt: string[];
    dagordning: {
      nummer: number;
      rubrik: string;
      diarienummer: string | null;
      paragraf: string | null;
      illustrativaFalt: string[];
    }[];
    protokoll: {
      justeringsdag: string | null;
      anslagsdag: string | null;
      illustrativaFalt: string[];
      utdrag: { mottagare: string; expedierat: string | null; expedieratAr: number | null }[];
    } | null;
  }[];
}

const KOMMUNSTYRELSEN = { id: 'KS', kortnamn: 'KS', namn: 'Kommunstyrelsen', typ: 'STYRELSE' as const };

/**
 * Per kommunkod. Härnösand (2280) has nothing but its kommun row: the document says only that
 * it has declared an interest, which the samverkan seed records.
 */
export const kommunSeeds: Record<string, KommunSeed> = {
  [TIMRA]: {
    organ: [KOMMUNSTYRELSEN, { id: 'BUN', kortnamn: 'BUN', namn: 'Barn- och utbildningsnämnden', typ: 'NAMND' }],
    arenden: [
      {
        diarienummer: UPPFOLJNINGSARENDE,
        rubrik: 'Uppföljning uppdrag samverkan Sundsvall-Timrå',
        beskrivning:
          'Den politiska ledningen i Sundsvall och Timrå har beslutat att fördjupa samverkan. Samverkansområden har identifierats och översiktligt utretts. Inom områdena EU-samordning och inköpsanalys har samverkan startats, medans kommunerna valt att avvakta med områdena kollektivtrafik/stadstrafik samt tjänster servicecenter. I detta ärende följs utfallet av samverkan upp och avrapporteras till kommunstyrelsen. Härnösands kommun har även anmält intresse för att gå in i fördjupad samverkan.',
        status: 'OPPET',
        // The document is dated only "2020" (Exp / 2020) and reports the restart in autumn 2020.
        registrerad: '2020-11-01',
        ansvarigtOrganId: 'KS',
        illustrativaFalt: ['diarienummer', 'registrerad'],
        forslagTillBeslut: [
          'Godkänna uppföljning av uppdraget samverkan Sundsvall-Timrå.',
          'Fortsätta samverkan för 2021 med inriktningen att även inkludera Härnösands kommun i den fördjupade samverkan.',
          'Överlåta till nämnderna att fortsätta identifiera och arbeta med nya samverkansområden.',
          'Kommunchefen har det fortsatta ansvaret för att fortsätta fördjupa och samordna samverkan och återrapportera utfall senast december 2021.',
        ],
        handlingar: [
          { titel: 'Vision 2025', typ: 'BESLUTSUNDERLAG' },
          { titel: 'Protokollsutdrag till Kommunchefen', typ: 'PROTOKOLLSUTDRAG' },
        ],
      },
    ],
    // "Ärendets tidigare behandling". The document gives no meeting dates and no headings: the
    // headings below summarise its text and are listed as illustrative.
    paragrafer: [
      {
        beteckning: 'KS 2019 § 65',
        organId: 'KS',
        ar: 2019,
        nummer: 65,
        rubrik: 'Uppdrag att identifiera samverkansområden',
        beslutstext:
          'Kommunstyrelsen har uppdragit till kommunchefen att identifiera samverkansområden och återkomma till kommunstyrelsen. Likalydande beslut har fattats i Sundsvall.',
        utfall: 'BIFALL',
        diarienummer: UPPFOLJNINGSARENDE,
        illustrativaFalt: ['rubrik', 'utfall'],
      },
      {
        beteckning: 'KS 2019 § 241',
        organId: 'KS',
        ar: 2019,
        nummer: 241,
        rubrik: 'Förslag till möjliga samverkansområden',
        beslutstext: 'Förslag till möjliga samverkansområden har avrapporterats till kommunstyrelsen.',
        utfall: 'INFORMATION',
        diarienummer: UPPFOLJNINGSARENDE,
        illustrativaFalt: ['rubrik', 'utfall'],
      },
      {
        beteckning: 'KS 2019 § 257',
        organId: 'KS',
        ar: 2019,
        nummer: 257,
        rubrik: 'Prioritering av samverkansområden',
        beslutstext:
          'Kommunstyrelsen har prioriterat områden för samverkan i ett första steg, valt att avvakta med kollektivtrafik och servicecentertjänster samt uppdragit till nämnderna att återkomma med rapport över möjliga områden senast i december 2019.',
        utfall: 'BIFALL',
        diarienummer: UPPFOLJNINGSARENDE,
        illustrativaFalt: ['rubrik', 'utfall'],
      },
      {
        beteckning: 'BUN 2019 § 68',
        organId: 'BUN',
        ar: 2019,
        nummer: 68,
        rubrik: 'Samverkan kring kostorganisationen',
        beslutstext: 'Barn- och utbildningsnämnden har avskrivit möjligheten att samverka kring kostorganisationen.',
        utfall: 'AVSKRIVNING',
        diarienummer: UPPFOLJNINGSARENDE,
        illustrativaFalt: ['rubrik'],
      },
      {
        beteckning: 'KS 2020 § 40',
        organId: 'KS',
        ar: 2020,
        nummer: 40,
        rubrik: 'Nämndernas rapport om möjliga samverkansområden',
        beslutstext:
          'Nämnderna har avrapporterat möjliga samverkansområden till kommunstyrelsen. Möjligheten att samverka kring kostorganisationen har avskrivits.',
        utfall: 'AVSKRIVNING',
        diarienummer: UPPFOLJNINGSARENDE,
        illustrativaFalt: ['rubrik'],
      },
    ],
    uppdrag: [
      {
        id: 'ks-2019-65-kommunchefen',
        beskrivning: 'Identifiera samverkansområden och återkomma till kommunstyrelsen.',
        mottagare: 'Kommunchefen',
        givetI: 'KS 2019 § 65',
        diarienummer: UPPFOLJNINGSARENDE,
        deadline: null,
        status: 'ATERRAPPORTERAT',
        aterrapporteradI: 'KS 2019 § 241',
        illustrativaFalt: [],
      },
      {
        id: 'ks-2019-257-namnderna',
        beskrivning: 'Återkomma med rapport över möjliga samverkansområden.',
        mottagare: 'Nämnderna',
        givetI: 'KS 2019 § 257',
        diarienummer: UPPFOLJNINGSARENDE,
        // "senast i december 2019": the last day of that month.
        deadline: '2019-12-31',
        status: 'ATERRAPPORTERAT',
        aterrapporteradI: 'KS 2020 § 40',
        illustrativaFalt: ['deadline'],
      },
      {
        // Point 4 of the proposed decision; the paragraph that adopts it is not in the document.
        id: 'kommunchefen-samverkan-2021',
        beskrivning: 'Fortsätta fördjupa och samordna samverkan och återrapportera utfall.',
        mottagare: 'Kommunchefen',
        givetI: null,
        diarienummer: UPPFOLJNINGSARENDE,
        // "senast december 2021": the last day of that month.
        deadline: '2021-12-31',
        status: 'PAGAENDE',
        aterrapporteradI: null,
        illustrativaFalt: ['deadline'],
      },
    ],
    // The meeting of kommunstyrelsen that treated the follow-up. The document is its item: it
    // gives no day, time or place of the meeting, no paragraph number for the decision, no
    // justering, anslagsdag or members, so those stay null (no protocol is announced, hence no
    // appeal window). It was held: its protokoll was sent as an extract to the kommunchef,
    // "Protokollsutdrag till Kommunchefen, Exp / 2020". The earlier paragraphs it cites (KS 2019
    // § 65 …) were decided at meetings the document does not name, so they have none here.
    sammantraden: [
      {
        id: 'ks-2020-uppfoljning-samverkan',
        organId: 'KS',
        datum: null,
        borjar: null,
        plats: null,
        status: 'GENOMFORT',
        illustrativaFalt: [],
        dagordning: [
          {
            // The item's number on the dagordning is not in the document.
            nummer: 1,
            rubrik: 'Uppföljning uppdrag samverkan Sundsvall-Timrå',
            diarienummer: UPPFOLJNINGSARENDE,
            paragraf: null,
            illustrativaFalt: ['nummer'],
          },
        ],
        protokoll: {
          justeringsdag: null,
          anslagsdag: null,
          illustrativaFalt: [],
          utdrag: [{ mottagare: 'Kommunchefen', expedierat: null, expedieratAr: 2020 }],
        },
      },
    ],
  },
  [SUNDSVALL]: {
    organ: [KOMMUNSTYRELSEN],
    arenden: [],
    paragrafer: [
      {
        beteckning: SUNDSVALL_LIKALYDANDE,
        organId: 'KS',
        ar: 2019,
        nummer: null,
        rubrik: 'Uppdrag att identifiera samverkansområden',
        beslutstext:
          'Likalydande beslut med Timrå kommunstyrelse KS 2019 § 65: uppdrag till kommunchefen att identifiera samverkansområden och återkomma till kommunstyrelsen.',
        utfall: 'BIFALL',
        diarienummer: null,
        illustrativaFalt: ['beteckning', 'ar', 'rubrik', 'utfall'],
      },
    ],
    uppdrag: [],
  },
};
