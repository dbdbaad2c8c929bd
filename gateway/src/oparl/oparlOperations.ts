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

const ORGAN = 'id kortnamn namn typ uppdaterad';
const SAMMANTRADE = `id organ { id namn } datum borjar plats status illustrativaFalt uppdaterad narvarande { id }
     dagordning { nummer rubrik illustrativaFalt arende { diarienummer } paragraf { beteckning } }
     protokoll { justeringsdag anslagsdag overklagandetidSlutar illustrativaFalt }`;
// A paragraph with whether its ärende has sekretess (its AgendaItem then shows less).
const PARAGRAF_SEKRETESS = `${PARAGRAF} arende { diarienummer sekretess { lagrum } }`;

/** The longest an answer of these feeds is kept fresh: their `@cacheControl(maxAge)` in schema/kommun.graphql. */
export const FEED_MAX_AGE_SECONDS = 30;

/** The feeds OParl is read from. */
export const OPARL_FEEDS = {
  organizations: feed('OparlOrganizations', 'organandringar', 'id', ORGAN),
  persons: feed('OparlPersons', 'ledamotsandringar', 'id', LEDAMOT),
  meetings: feed('OparlMeetings', 'sammantradesandringar', 'id', SAMMANTRADE),
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
  paragraf(kommunkod: $kommunkod, beteckning: $key) { ${PARAGRAF_SEKRETESS} }
}`,
  },
  // A meeting with its decided items' paragraphs, for its own AgendaItems.
  meeting: {
    field: 'sammantrade',
    query: `query OparlMeeting($kommunkod: ID!, $key: ID!) {
  sammantrade(kommunkod: $kommunkod, id: $key) {
    ${SAMMANTRADE}
    dagordning { nummer paragraf { ${PARAGRAF_SEKRETESS} } }
  }
}`,
  },
} satisfies Record<string, { field: string; query: string }>;

export type OparlObjectKind = keyof typeof OPARL_OBJECTS;

/**
 * A Body's full lists, read as the graph's ordinary lists are (not the feeds, which hold back a
 * change while an older transaction is open): each one operation, the kommun loading each
 * relation at once (DataLoader). Ärenden (and the documents, by ärende) come in pages of 100,
 * the most `arenden` gives.
 */
export const OPARL_LISTS = {
  organizations: {
    query: `query OparlOrganizationList($kommunkod: ID!) {
  kommun(kommunkod: $kommunkod) { organ { ${ORGAN} } }
}`,
  },
  persons: {
    query: `query OparlPersonList($kommunkod: ID!) {
  kommun(kommunkod: $kommunkod) { ledamoter { ${LEDAMOT} } }
}`,
  },
  // Meetings hold their AgendaItems: the paragraphs come along, as the AgendaItem list needs them too.
  meetings: {
    query: `query OparlMeetingList($kommunkod: ID!) {
  kommun(kommunkod: $kommunkod) {
    sammantraden { ${SAMMANTRADE} }
    paragrafer { ${PARAGRAF_SEKRETESS} }
  }
}`,
  },
  papers: {
    query: `query OparlPaperList($kommunkod: ID!, $after: String) {
  kommun(kommunkod: $kommunkod) {
    arenden(first: 100, after: $after) { nodes { ${ARENDE} } pageInfo { hasNextPage endCursor } }
  }
}`,
  },
  // Every document belongs to an ärende; those of a restricted one are null (FORBIDDEN) for the public.
  files: {
    query: `query OparlFileList($kommunkod: ID!, $after: String) {
  kommun(kommunkod: $kommunkod) {
    arenden(first: 100, after: $after) {
      nodes { diarienummer sekretess { lagrum } beslutsunderlag { ${HANDLING} } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
  },
} satisfies Record<string, { query: string }>;

export type OparlListRead = keyof typeof OPARL_LISTS;

/**
 * The trusted documents with OParl's own operations added: the gateway runs them for anonymous
 * callers (OParl has no tokens) whatever TRUSTED_DOCUMENTS says, as it runs the manifest's.
 */
export function withOparlOperations(documents: TrustedDocuments): TrustedDocuments {
  const own = [...Object.values(OPARL_FEEDS), ...Object.values(OPARL_OBJECTS), ...Object.values(OPARL_LISTS)].map(
    ({ query }) => query,
  );
  return new Map([...documents, ...own.map((query) => [sha256Hex(query), query] as const)]);
}
