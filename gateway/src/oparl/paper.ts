import { compact, type OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';

export interface ArendeNode {
  diarienummer: string;
  /** Null for the public when the ärende has sekretess. */
  rubrik: string | null;
  status: string;
  registrerad: string;
  uppdaterad: string;
  illustrativaFalt: string[];
  ansvarigtOrgan: { id: string } | null;
  sekretess: { lagrum: string } | null;
  behandlingar: { beteckning: string }[];
}

/**
 * An ärende as a Paper, as the public diarium shows it: an ärende with sekretess keeps its
 * diarienummer, dates, status and lagrum; its rubrik is not read for the public, so it has no name.
 */
export function paper(urls: OparlUrls, kommunkod: string, arende: ArendeNode): OparlObject {
  return {
    id: urls.object(kommunkod, 'paper', arende.diarienummer),
    type: oparlType('Paper'),
    ...compact({
      body: urls.body(kommunkod),
      name: arende.sekretess ? null : arende.rubrik,
      reference: arende.diarienummer,
      date: arende.registrerad,
      underDirectionOf: arende.ansvarigtOrgan ? [urls.object(kommunkod, 'organization', arende.ansvarigtOrgan.id)] : [],
      modified: arende.uppdaterad,
      [`${VENDOR}:diarienummer`]: arende.diarienummer,
      [`${VENDOR}:status`]: arende.status,
      [`${VENDOR}:sekretess`]: arende.sekretess ? { lagrum: arende.sekretess.lagrum } : null,
      [`${VENDOR}:behandlingar`]: arende.behandlingar.map((p) => urls.object(kommunkod, 'agendaitem', p.beteckning)),
      [`${VENDOR}:illustrativaFalt`]: arende.illustrativaFalt,
    }),
  };
}
