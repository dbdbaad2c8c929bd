import { compact, type OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';

export interface SammantradeNode {
  id: string;
  organ: { id: string; namn: string };
  datum: string | null;
  borjar: string | null;
  plats: string | null;
  status: string;
  illustrativaFalt: string[];
  uppdaterad: string;
  narvarande: { id: string }[] | null;
  dagordning: {
    nummer: number;
    /** Null for the public when the item's ärende has sekretess. */
    rubrik: string | null;
    illustrativaFalt: string[];
    arende: { diarienummer: string } | null;
    paragraf: { beteckning: string } | null;
  }[];
  protokoll: {
    justeringsdag: string | null;
    anslagsdag: string | null;
    overklagandetidSlutar: string | null;
    illustrativaFalt: string[];
  } | null;
}

/**
 * A sammanträde as a Meeting, its dagordning inline as AgendaItems (given by `agendaItems`, which
 * knows their paragraphs). The protokoll has no file of its own in the model, so there is no
 * `resultsProtocol`; its days are in `kommungraf:protokoll`.
 */
export function meeting(urls: OparlUrls, kommunkod: string, node: SammantradeNode, agendaItems: OparlObject[]): OparlObject {
  return {
    id: urls.object(kommunkod, 'meeting', node.id),
    type: oparlType('Meeting'),
    ...compact({
      name: node.datum ? `${node.organ.namn} ${node.datum}` : node.organ.namn,
      meetingState: node.status,
      cancelled: node.status === 'INSTALLT',
      start: node.borjar,
      organization: [urls.object(kommunkod, 'organization', node.organ.id)],
      participant: (node.narvarande ?? []).map((ledamot) => urls.object(kommunkod, 'person', ledamot.id)),
      agendaItem: agendaItems,
      modified: node.uppdaterad,
      [`${VENDOR}:datum`]: node.datum,
      [`${VENDOR}:plats`]: node.plats,
      [`${VENDOR}:protokoll`]: node.protokoll && compact({ ...node.protokoll }),
      [`${VENDOR}:illustrativaFalt`]: node.illustrativaFalt,
    }),
  };
}
