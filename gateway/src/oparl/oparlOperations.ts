import { sha256Hex, type TrustedDocuments } from '../trustedDocuments/trustedDocuments';

/** A feed of the Kommun type as OParl reads it: the field, the operation that reads one page, and its nodes' key. */
interface OparlFeedOperation {
  field: string;
  query: string;
  key: string;
}

/**
 * One page of one of a kommun's sync feeds, in commit order, with its tombstones, as an anonymous
 * caller sees it: from `$andradeEfter` ("" for everything), and where the next poll starts.
 */
const feed = (
  name: string,
  field: string,
  key: string,
  nodes: string,
  args = 'andradeEfter: $andradeEfter',
): OparlFeedOperation => ({
  field,
  key,
  query: `query ${name}($kommunkod: ID!, $andradeEfter: String!, $after: String) {
  kommun(kommunkod: $kommunkod) {
    ${field}(${args}, first: 100, after: $after) {
      nodes { ${nodes} }
      borttagna { id borttagen }
      pageInfo { hasNextPage endCursor }
      andringsmarkor
    }
  }
}`,
});

const HANDLING = 'id titel typ datum uppdaterad arende { diarienummer } fil { mediatyp storlek filnamn } url';
const LEDAMOT = 'id namn parti illustrativaFalt uppdaterad ledamotskap { organ { id } roll fran till }';
const PARAGRAF = `beteckning organ { id } ar nummer datum rubrik beslutstext utfall illustrativaFalt uppdaterad
     sammantrade { id dagordning { nummer paragraf { beteckning } } }`;
// `rubrik` is null (FORBIDDEN) for the public when the ärende has sekretess.
const ARENDE = `diarienummer rubrik status registrerad uppdaterad illustrativaFalt
     ansvarigtOrgan { id } sekretess { lagrum } behandlingar { beteckning }`;

/** The longest an answer of these feeds is kept fresh: their `@cacheControl(maxAge)` in schema/kommun.graphql. */
export const FEED_MAX_AGE_SECONDS = 30;

/** The feeds OParl is read from. */
export const OPARL_FEEDS = {
  organizations: feed('OparlOrganizations', 'organandringar', 'id', 'id kortnamn namn typ uppdaterad'),
  persons: feed('OparlPersons', 'ledamotsandringar', 'id', LEDAMOT),
  meetings: feed(
    'OparlMeetings',
    'sammantradesandringar',
    'id',
    `id organ { id namn } datum borjar plats status illustrativaFalt uppdaterad narvarande { id }
     dagordning { nummer rubrik illustrativaFalt arende { diarienummer } paragraf { beteckning } }
     protokoll { justeringsdag anslagsdag overklagandetidSlutar illustrativaFalt }`,
  ),
  agendaItems: feed('OparlAgendaItems', 'paragrafandringar', 'beteckning', `${PARAGRAF} arende { diarienummer }`),
  files: feed('OparlFiles', 'handlingsandringar', 'id', HANDLING),
  // Ärenden are on the feed through their list's filter.
  papers: feed('OparlPapers', 'arenden', 'diarienummer', ARENDE, 'filter: { andradeEfter: $andradeEfter }'),
} satisfies Record<string, OparlFeedOperation>;

export type OparlFeed = keyof typeof OPARL_FEEDS;

/**
 * Objects read by key at their own URL, with what the feed gives of them: not the whole feed
 * (which only a deleted one's tombstone needs), and not held back behind an open transaction.
 * A paragraph's ärende says whether it has sekretess (its AgendaItem then shows less).
 */
export const OPARL_OBJECTS = {
  paper: {
    field: 'arende',
    query: `query OparlPaper($kommunkod: ID!, $key: String!) {
  arende(kommunkod: $kommunkod, diarienummer: $key) { ${ARENDE} }
}`,
  },
  person: {
    field: 'ledamot',
    query: `query OparlPerson($kommunkod: ID!, $key: ID!) {
  ledamot(kommunkod: $kommunkod, id: $key) { ${LEDAMOT} }
}`,
  },
  agendaitem: {
    field: 'paragraf',
    query: `query OparlAgendaItem($kommunkod: ID!, $key: String!) {
  paragraf(kommunkod: $kommunkod, beteckning: $key) { ${PARAGRAF} arende { diarienummer sekretess { lagrum } } }
}`,
  },
} satisfies Record<string, { field: string; query: string }>;

export type OparlObjectKind = keyof typeof OPARL_OBJECTS;

/**
 * The trusted documents with OParl's own operations added: the gateway runs them for anonymous
 * callers (OParl has no tokens) whatever TRUSTED_DOCUMENTS says, as it runs the manifest's.
 */
export function withOparlOperations(documents: TrustedDocuments): TrustedDocuments {
  const own = [...Object.values(OPARL_FEEDS), ...Object.values(OPARL_OBJECTS)].map(({ query }) => query);
  return new Map([...documents, ...own.map((query) => [sha256Hex(query), query] as const)]);
}
