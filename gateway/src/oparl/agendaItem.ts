import { compact, type OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';
import type { SammantradeNode } from './meeting';

export interface ParagrafNode {
  beteckning: string;
  organ: { id: string };
  ar: number;
  nummer: number | null;
  datum: string | null;
  rubrik: string | null;
  beslutstext: string | null;
  utfall: string | null;
  illustrativaFalt: string[];
  uppdaterad: string;
  arende: { diarienummer: string } | null;
  sammantrade: { id: string; dagordning: { nummer: number; paragraf: { beteckning: string } | null }[] } | null;
}

type Punkt = SammantradeNode['dagordning'][number];

/** A paragraph's URL (its beteckning), or, for an item not yet decided, its meeting and number. */
export const agendaItemUrl = (
  urls: OparlUrls,
  kommunkod: string,
  meetingId: string,
  punkt: Pick<Punkt, 'nummer' | 'paragraf'>,
) =>
  punkt.paragraf
    ? urls.object(kommunkod, 'agendaitem', punkt.paragraf.beteckning)
    : urls.object(kommunkod, 'agendaitem', meetingId, punkt.nummer);

/**
 * A protocol paragraph as an AgendaItem: `result` its utfall, `resolutionText` its beslutstext;
 * `order` its number on its meeting's dagordning, else its paragraph number.
 */
export function paragraphItem(urls: OparlUrls, kommunkod: string, paragraf: ParagrafNode, restricted: boolean): OparlObject {
  const punkt = paragraf.sammantrade?.dagordning.find((p) => p.paragraf?.beteckning === paragraf.beteckning);
  return {
    id: urls.object(kommunkod, 'agendaitem', paragraf.beteckning),
    type: oparlType('AgendaItem'),
    order: punkt?.nummer ?? paragraf.nummer ?? 0,
    ...compact({
      meeting: paragraf.sammantrade ? urls.object(kommunkod, 'meeting', paragraf.sammantrade.id) : null,
      number: paragraf.nummer === null ? null : String(paragraf.nummer),
      // A paragraph of an ärende with sekretess says only that it was handled, as the public diarium does.
      name: restricted ? null : paragraf.rubrik,
      public: !restricted,
      result: paragraf.utfall,
      resolutionText: restricted ? null : paragraf.beslutstext,
      modified: paragraf.uppdaterad,
      [`${VENDOR}:beteckning`]: paragraf.beteckning,
      [`${VENDOR}:datum`]: paragraf.datum,
      [`${VENDOR}:diarienummer`]: paragraf.arende?.diarienummer,
      [`${VENDOR}:illustrativaFalt`]: paragraf.illustrativaFalt,
    }),
  };
}

/** An item of a meeting's dagordning not yet decided in a paragraph, as an AgendaItem. */
export function plannedItem(urls: OparlUrls, kommunkod: string, meeting: SammantradeNode, punkt: Punkt): OparlObject {
  return {
    id: agendaItemUrl(urls, kommunkod, meeting.id, punkt),
    type: oparlType('AgendaItem'),
    order: punkt.nummer,
    ...compact({
      meeting: urls.object(kommunkod, 'meeting', meeting.id),
      number: String(punkt.nummer),
      name: punkt.rubrik,
      // A change of the dagordning is a change of its meeting (the feed's rule).
      modified: meeting.uppdaterad,
      [`${VENDOR}:diarienummer`]: punkt.arende?.diarienummer,
      [`${VENDOR}:illustrativaFalt`]: punkt.illustrativaFalt,
    }),
  };
}
