import { SUNDSVALL, TIMRA } from './source';

/** A likalydande beslut as the samverkan subgraph's tables hold it. */
export interface LikalydandeBeslutSeed {
  id: string;
  samverkanId: string;
  rubrik: string;
  lydelse: string;
  illustrativaFalt: string[];
  /** In the order the document names them. */
  parter: { kommunkod: string; beslutat: boolean; paragrafBeteckning: string | null; uppgift: string | null }[];
}

/**
 * "Kommunstyrelsen har uppdragit till kommunchefen att identifiera samverkansområden och
 * återkomma till kommunstyrelsen, KS 2019 § 65. Likalydande beslut har fattats i Sundsvall."
 * The wording is the document's; the rubrik summarises it (illustrative, as the paragraph's in
 * Timrå's seed). Sundsvall's paragraph is not given: its decision is recorded as taken, without a
 * paragraph, in the document's words, rather than under a designation the document does not state.
 */
export const likalydandeBeslutSeed: LikalydandeBeslutSeed[] = [
  {
    id: 'identifiera-samverkansomraden-2019',
    samverkanId: 'sundsvall-timra',
    rubrik: 'Uppdrag att identifiera samverkansområden',
    lydelse: 'Kommunstyrelsen har uppdragit till kommunchefen att identifiera samverkansområden och återkomma till kommunstyrelsen.',
    illustrativaFalt: ['rubrik'],
    parter: [
      { kommunkod: TIMRA, beslutat: true, paragrafBeteckning: 'KS 2019 § 65', uppgift: null },
      { kommunkod: SUNDSVALL, beslutat: true, paragrafBeteckning: null, uppgift: 'Likalydande beslut har fattats i Sundsvall.' },
    ],
  },
];
