import { compact, type OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';

export interface OrganNode {
  id: string;
  kortnamn: string;
  namn: string;
  typ: string;
  uppdaterad: string;
}

/** A nämnd (or fullmäktige, styrelse, utskott) as an Organization. */
export function organization(urls: OparlUrls, kommunkod: string, organ: OrganNode): OparlObject {
  return {
    id: urls.object(kommunkod, 'organization', organ.id),
    type: oparlType('Organization'),
    ...compact({
      body: urls.body(kommunkod),
      name: organ.namn,
      shortName: organ.kortnamn,
      organizationType: 'Gremium',
      classification: organ.typ,
      modified: organ.uppdaterad,
      [`${VENDOR}:organId`]: organ.id,
    }),
  };
}
