import { HARNOSAND, SUNDSVALL, SUNDSVALL_LIKALYDANDE, TIMRA, UPPFOLJNINGSARENDE } from './source';

type Omradesstatus = 'IDENTIFIERAT' | 'UTREDS' | 'STARTAT' | 'AVVAKTAR' | 'AVSKRIVET' | 'AVSLUTAT';

/** A reference to a paragraph in a kommun's own subgraph. */
interface ParagrafRef {
  kommunkod: string;
  beteckning: string;
}

/** Seed records of the samverkan subgraph, in the shape of its tables. */
export interface SamverkanSeed {
  samverkan: {
    id: string;
    namn: string;
    beskrivning: string | null;
    /** In the order the dashboard lists them. */
    parter: {
      kommunkod: string;
      status: 'ANSLUTEN' | 'FORESLAGEN' | 'INTRESSERAD';
      sedan: string | null;
      illustrativaFalt: string[];
    }[];
  };
  omraden: {
    id: string;
    namn: string;
    beskrivning: string | null;
    status: Omradesstatus;
    form: 'GEMENSAM_ORGANISATION' | 'TJANSTEKOP' | 'FORDJUPAD_SAMVERKAN' | null;
    parter: string[];
    /** Oldest first; the position is the change's ordning. */
    statushistorik: {
      status: Omradesstatus;
      datum: string;
      kommentar: string | null;
      beslut: ParagrafRef | null;
      illustrativaFalt: string[];
    }[];
    /** In the order the document tells them. */
    beslut: ParagrafRef[];
    arenden: { kommunkod: string; diarienummer: string }[];
  }[];
  avtal: {
    id: string;
    omradeId: string;
    namn: string;
    tecknat: string | null;
    giltigFran: string | null;
    giltigTill: string | null;
    rattsligGrund: string | null;
    resurs: string | null;
    illustrativaFalt: string[];
    parter: { kommunkod: string; roll: 'VARDKOMMUN' | 'PART' | null; kostnadsandel: number | null }[];
  }[];
  uppfoljningar: {
    id: string;
    samverkanId: string;
    datum: string;
    sammanfattning: string;
    arende: { kommunkod: string; diarienummer: string } | null;
    nastaAterrapportering: string | null;
    illustrativaFalt: string[];
  }[];
}

type Statusandring = SamverkanSeed['omraden'][number]['statushistorik'][number];

const timra = (beteckning: string): ParagrafRef => ({ kommunkod: TIMRA, beteckning });

// The document gives no meeting dates. Each change below carries a day inside the period its
// paragraph or sentence names, and lists `datum` as illustrative.
const IDENTIFIERAT: Statusandring = {
  status: 'IDENTIFIERAT',
  datum: '2019-10-01',
  kommentar: 'Förslag till möjliga samverkansområden avrapporterades (KS 2019 § 241).',
  beslut: timra('KS 2019 § 241'),
  illustrativaFalt: ['datum'],
};

const UTREDS: Statusandring = {
  status: 'UTREDS',
  datum: '2019-11-01',
  kommentar:
    'Prioriterat för samverkan i ett första steg; ett av tre prioriterade områden vars utredning fördjupats (KS 2019 § 257).',
  beslut: timra('KS 2019 § 257'),
  illustrativaFalt: ['datum'],
};

const CORONAPAUS: Statusandring = {
  status: 'AVVAKTAR',
  datum: '2020-03-01',
  kommentar: 'Paus under krisledningsarbetet med Corona (2020).',
  beslut: null,
  illustrativaFalt: ['datum'],
};

const ATERSTART: Statusandring = {
  status: 'STARTAT',
  datum: '2020-09-01',
  kommentar: 'Hösten 2020 har verksamheten åter uppstartats.',
  beslut: null,
  illustrativaFalt: ['datum'],
};

const AVVAKTAR: Statusandring = {
  status: 'AVVAKTAR',
  datum: '2019-11-01',
  kommentar: 'Kommunerna har valt att avvakta (KS 2019 § 257).',
  beslut: timra('KS 2019 § 257'),
  illustrativaFalt: ['datum'],
};

/** "Ärendets tidigare behandling", which concerns every area. */
const GEMENSAMMA_BESLUT: ParagrafRef[] = [
  timra('KS 2019 § 65'),
  { kommunkod: SUNDSVALL, beteckning: SUNDSVALL_LIKALYDANDE },
  timra('KS 2019 § 241'),
  timra('KS 2019 § 257'),
];

const PARTER = [SUNDSVALL, TIMRA];
const ARENDEN = [{ kommunkod: TIMRA, diarienummer: UPPFOLJNINGSARENDE }];

// The forms: the three prioritised areas "belyser olika samverkansformer – gemensam organisation,
// tjänsteköp och fördjupad samverkan inom ett redan befintligt samverkansområde", listed in the
// order gemensam kostorganisation, EU-samordnare, inköpsanalys. The two areas put on hold were
// never investigated, so their form is not known.
export const samverkanSeed: SamverkanSeed = {
  samverkan: {
    id: 'sundsvall-timra',
    namn: 'Fördjupad samverkan Sundsvall–Timrå',
    beskrivning: 'Den politiska ledningen i Sundsvall och Timrå har beslutat att fördjupa samverkan.',
    // The document does not say since when; Härnösand "har även anmält intresse".
    parter: [
      { kommunkod: SUNDSVALL, status: 'ANSLUTEN', sedan: null, illustrativaFalt: [] },
      { kommunkod: TIMRA, status: 'ANSLUTEN', sedan: null, illustrativaFalt: [] },
      { kommunkod: HARNOSAND, status: 'INTRESSERAD', sedan: null, illustrativaFalt: [] },
    ],
  },
  omraden: [
    {
      id: 'eu-samordning',
      namn: 'EU-samordning',
      beskrivning: null,
      status: 'STARTAT',
      form: 'TJANSTEKOP',
      parter: PARTER,
      statushistorik: [
        IDENTIFIERAT,
        UTREDS,
        {
          status: 'STARTAT',
          datum: '2020-01-01',
          kommentar: 'Avtal har tecknats om att dela på EU-samordnare (2020).',
          beslut: null,
          illustrativaFalt: ['datum'],
        },
        CORONAPAUS,
        ATERSTART,
      ],
      beslut: GEMENSAMMA_BESLUT,
      arenden: ARENDEN,
    },
    {
      id: 'inkopsanalys',
      namn: 'Inköpsanalys',
      beskrivning: null,
      status: 'STARTAT',
      form: 'FORDJUPAD_SAMVERKAN',
      parter: PARTER,
      statushistorik: [
        IDENTIFIERAT,
        UTREDS,
        {
          status: 'STARTAT',
          datum: '2020-01-01',
          kommentar: 'Arbetet med inköpsanalys har påbörjats under 2020.',
          beslut: null,
          illustrativaFalt: ['datum'],
        },
        CORONAPAUS,
        ATERSTART,
      ],
      beslut: GEMENSAMMA_BESLUT,
      arenden: ARENDEN,
    },
    {
      id: 'kostorganisation',
      namn: 'Gemensam kostorganisation',
      beskrivning: null,
      status: 'AVSKRIVET',
      form: 'GEMENSAM_ORGANISATION',
      parter: PARTER,
      statushistorik: [
        IDENTIFIERAT,
        UTREDS,
        {
          status: 'AVSKRIVET',
          datum: '2020-02-01',
          kommentar:
            'Barn- och utbildningsnämnden har avrapporterat att det inte finns förutsättningar att fortsätta (BUN 2019 § 68).',
          beslut: timra('KS 2020 § 40'),
          illustrativaFalt: ['datum'],
        },
      ],
      beslut: [...GEMENSAMMA_BESLUT, timra('BUN 2019 § 68'), timra('KS 2020 § 40')],
      arenden: ARENDEN,
    },
    {
      id: 'kollektivtrafik',
      namn: 'Kollektivtrafik/stadstrafik',
      beskrivning: null,
      status: 'AVVAKTAR',
      form: null,
      parter: PARTER,
      statushistorik: [IDENTIFIERAT, AVVAKTAR],
      beslut: GEMENSAMMA_BESLUT,
      arenden: ARENDEN,
    },
    {
      id: 'servicecenter',
      namn: 'Tjänster servicecenter',
      beskrivning: null,
      status: 'AVVAKTAR',
      form: null,
      parter: PARTER,
      statushistorik: [IDENTIFIERAT, AVVAKTAR],
      beslut: GEMENSAMMA_BESLUT,
      arenden: ARENDEN,
    },
  ],
  avtal: [
    {
      // "Avtal har tecknats om att dela på EU-samordnare": no date, legal ground, host or shares.
      id: 'eu-samordnare',
      omradeId: 'eu-samordning',
      namn: 'Avtal om att dela på EU-samordnare',
      tecknat: null,
      giltigFran: null,
      giltigTill: null,
      rattsligGrund: null,
      resurs: 'EU-samordnare',
      illustrativaFalt: [],
      parter: [
        { kommunkod: SUNDSVALL, roll: null, kostnadsandel: null },
        { kommunkod: TIMRA, roll: null, kostnadsandel: null },
      ],
    },
  ],
  uppfoljningar: [
    {
      id: 'uppfoljning-2020',
      samverkanId: 'sundsvall-timra',
      // The document is dated only "2020"; next report "senast december 2021".
      datum: '2020-11-01',
      sammanfattning:
        'Inom områdena EU-samordning och inköpsanalys har samverkan startats; kommunerna har valt att avvakta med kollektivtrafik/stadstrafik och tjänster servicecenter, och möjligheten till en gemensam kostorganisation har avskrivits. Härnösands kommun har anmält intresse för att gå in i fördjupad samverkan.',
      arende: { kommunkod: TIMRA, diarienummer: UPPFOLJNINGSARENDE },
      nastaAterrapportering: '2021-12-31',
      illustrativaFalt: ['datum', 'nastaAterrapportering'],
    },
  ],
};
