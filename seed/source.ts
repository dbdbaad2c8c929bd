/**
 * The source of the seed: Timrå kommunstyrelse, "Uppföljning uppdrag samverkan Sundsvall-Timrå"
 * (../shared/seed/uppfoljning-samverkan-sundsvall-timra.md). Every value in kommuner.ts and
 * samverkan.ts comes from it. What it does not state is either left null or listed in the
 * record's `illustrativaFalt` with a value chosen inside the period the document names.
 */
export const SOURCE = 'Timrå kommunstyrelse: Uppföljning uppdrag samverkan Sundsvall-Timrå (2020)';

export const SUNDSVALL = '2281';
export const TIMRA = '2262';
export const HARNOSAND = '2280';

/**
 * The follow-up ärende in Timrå. The document gives no diarienummer; this one is illustrative
 * and listed in the ärende's illustrativaFalt.
 */
export const UPPFOLJNINGSARENDE = 'KS 2020/1';

/**
 * Sundsvall's decision identical to Timrå's KS 2019 § 65 ("Likalydande beslut har fattats i
 * Sundsvall"). Its paragraph number is not in the document, so the designation says so.
 */
export const SUNDSVALL_LIKALYDANDE = 'KS 2019 (likalydande beslut)';
