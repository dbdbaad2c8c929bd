import { sha256Hex, type TrustedDocuments } from '../trustedDocuments/trustedDocuments';

/**
 * The GraphQL operations OParl is read with: each reads one page of one of a kommun's sync feeds
 * (everything from the start, in commit order, with tombstones), as an anonymous caller.
 */
const feed = (name: string, field: string, nodes: string) => `query ${name}($kommunkod: ID!, $after: String) {
  kommun(kommunkod: $kommunkod) {
    ${field}(andradeEfter: "", first: 100, after: $after) {
      nodes { ${nodes} }
      borttagna { id borttagen }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const HANDLING = 'id titel typ datum uppdaterad arende { diarienummer } fil { mediatyp storlek filnamn }';

export const OPARL_OPERATIONS = {
  organizations: feed('OparlOrganizations', 'organandringar', 'id kortnamn namn typ uppdaterad'),
  persons: feed(
    'OparlPersons',
    'ledamotsandringar',
    'id namn parti illustrativaFalt uppdaterad ledamotskap { organ { id } roll fran till }',
  ),
  meetings: feed(
    'OparlMeetings',
    'sammantradesandringar',
    `id organ { id namn } datum borjar plats status illustrativaFalt uppdaterad narvarande { id }
     dagordning { nummer rubrik illustrativaFalt arende { diarienummer } paragraf { beteckning } }
     protokoll { justeringsdag anslagsdag overklagandetidSlutar illustrativaFalt }`,
  ),
  agendaItems: feed(
    'OparlAgendaItems',
    'paragrafandringar',
    `beteckning organ { id } ar nummer datum rubrik beslutstext utfall illustrativaFalt uppdaterad
     arende { diarienummer } sammantrade { id dagordning { nummer paragraf { beteckning } } }`,
  ),
  files: feed('OparlFiles', 'handlingsandringar', `${HANDLING} url`),
  papers: `query OparlPapers($kommunkod: ID!, $after: String) {
  kommun(kommunkod: $kommunkod) {
    arenden(filter: { andradeEfter: "" }, first: 100, after: $after) {
      nodes {
        diarienummer rubrik status registrerad uppdaterad illustrativaFalt
        ansvarigtOrgan { id } sekretess { lagrum } behandlingar { beteckning }
      }
      borttagna { id borttagen }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
  body: `query OparlBody($kommunkod: ID!) { kommun(kommunkod: $kommunkod) { kommunkod namn lansnamn } }`,
} as const;

export type OparlFeed = Exclude<keyof typeof OPARL_OPERATIONS, 'body'>;

/**
 * The trusted documents with OParl's own operations added: the gateway runs them for anonymous
 * callers (OParl has no tokens) whatever TRUSTED_DOCUMENTS says, as it runs the manifest's.
 */
export function withOparlOperations(documents: TrustedDocuments): TrustedDocuments {
  return new Map([...documents, ...Object.values(OPARL_OPERATIONS).map((text) => [sha256Hex(text), text] as const)]);
}
