import type { OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';

/**
 * The first election year whose term kommunallagen (2017:725) governs: the law came into force on
 * 1 January 2018. Earlier terms ran under kommunallagen (1991:900), whose start day changed over
 * time (1 November, 15 October), so they are not derived here.
 */
const FIRST_ELECTION_YEAR = 2018;
/** Ordinary elections to fullmäktige are held in the whole country every fourth year (2018, 2022, …). */
const YEARS_PER_TERM = 4;
/** Where the rule is: fullmäktige is elected for four years from 15 October of the election year. */
const LAGRUM = 'KL (2017:725) 5 kap. 9 §';

/** Today's date in Sweden, as YYYY-MM-DD. */
const swedishToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

/**
 * A kommun's mandatperioder as LegislativeTerms, derived from the law rather than read: every
 * kommun's fullmäktige is elected for four years from 15 October of the election year (KL
 * (2017:725) 5 kap. 9 §), so a term runs from 15 October of one election year to 14 October four
 * years on, the same for every kommun. From the 2018 term to the one running today. Not known to
 * the model, and so not here: a term that an omval ordered by Valprövningsnämnden lengthens (the
 * law's exception), and terms before 2018.
 */
export function legislativeTerms(urls: OparlUrls, kommunkod: string, today = swedishToday()): OparlObject[] {
  const terms: OparlObject[] = [];
  for (let year = FIRST_ELECTION_YEAR; `${year}-10-15` <= today; year += YEARS_PER_TERM) {
    terms.push({
      id: urls.object(kommunkod, 'legislativeterm', year),
      type: oparlType('LegislativeTerm'),
      body: urls.body(kommunkod),
      name: `Mandatperiod ${year}–${year + YEARS_PER_TERM}`,
      startDate: `${year}-10-15`,
      endDate: `${year + YEARS_PER_TERM}-10-14`,
      // It appears when it begins (15 October is always summer time in Sweden) and never changes.
      created: `${year}-10-15T00:00:00+02:00`,
      modified: `${year}-10-15T00:00:00+02:00`,
      [`${VENDOR}:valar`]: year,
      [`${VENDOR}:lagrum`]: LAGRUM,
    });
  }
  return terms;
}
