import { paragraphItem, plannedItem, type ParagrafNode } from './agendaItem';
import { file, type HandlingNode } from './file';
import { legislativeTerms } from './legislativeTerm';
import { meeting, type SammantradeNode } from './meeting';
import type { FeedContents, OparlGraph, Tombstone } from './oparlGraph';
import { deadTombstones, deletedObject, latestByKey, type OparlObject } from './oparlObject';
import type { OparlFeed, OparlObjectKind } from './oparlOperations';
import type { BodyList, OparlUrls } from './oparlUrls';
import { organization, type OrganNode } from './organization';
import { paper, type ArendeNode } from './paper';
import { membership, person, type LedamotNode } from './person';

/** What one request reads of one kommun: the graph, as whom it is counted, and where URLs point. */
export interface BodyRead {
  graph: OparlGraph;
  urls: OparlUrls;
  kommunkod: string;
  clientAddress?: string;
  /** `modified_since` (ms): only what changed in the feeds after where they stood then (FeedClock). */
  since?: number;
}

/**
 * A list's live objects and its deleted ones (served only where `modified_since` asks); with
 * `since`, already only those changed since then (the other filters are the page's).
 */
export interface BodyListContents {
  live: OparlObject[];
  deleted: OparlObject[];
}

const feed = <T>(read: BodyRead, name: OparlFeed) => read.graph.feed<T>(name, read.kommunkod, read.clientAddress);

/** The keys a feed changed after `read.since`, and its tombstones since; null without `since` (all count). */
interface Changes {
  keys: Set<string>;
  borttagna: Tombstone[];
}

async function changes<T>(read: BodyRead, name: OparlFeed, keyOf: (node: T) => string): Promise<Changes | null> {
  if (read.since === undefined) return null;
  const tail = await read.graph.changesSince<T>(name, read.kommunkod, read.since, read.clientAddress);
  return { keys: new Set(tail.nodes.map(keyOf)), borttagna: tail.borttagna };
}

const changed = (changes: Changes | null, key: string) => !changes || changes.keys.has(key);

/**
 * The live nodes of a feed by key, and its deleted objects. With `since`, only what changed
 * since then, read from the feed after that point alone: it holds each object changed, as it is
 * now, and each deletion (an object deleted and made again comes back after its tombstone).
 */
async function split<T>(
  read: BodyRead,
  name: OparlFeed,
  keyOf: (node: T) => string,
  deletedUrl: (key: string) => string,
  type: string,
) {
  const contents =
    read.since === undefined
      ? await feed<T>(read, name)
      : await read.graph.changesSince<T>(name, read.kommunkod, read.since, read.clientAddress);
  const { live, deleted } = splitOf(contents, null, keyOf, deletedUrl, type);
  return { live, deleted };
}

/**
 * As `split`, from the whole feed (`all`, for lists whose objects hold others: a meeting its
 * agenda items) and what changed since `read.since` (`since`).
 */
function splitOf<T>(
  contents: FeedContents<T>,
  since: Changes | null,
  keyOf: (node: T) => string,
  deletedUrl: (key: string) => string,
  type: string,
) {
  const all = latestByKey(contents.nodes, keyOf);
  const deleted = deadTombstones(since?.borttagna ?? contents.borttagna, new Set(all.map(keyOf))).map((t) =>
    deletedObject(deletedUrl(t.id), type, t),
  );
  return { all, live: all.filter((node) => changed(since, keyOf(node))), deleted };
}

function papers(read: BodyRead) {
  return split<ArendeNode>(
    read,
    'papers',
    (a) => a.diarienummer,
    (key) => read.urls.object(read.kommunkod, 'paper', key),
    'Paper',
  );
}

/** The diarienummer of the ärenden with sekretess (of them all, whatever changed), as they are now. */
async function restrictedOf(read: BodyRead) {
  const arenden = await papersNow(read);
  return new Set(arenden.filter((a) => a.sekretess).map((a) => a.diarienummer));
}

type ParagrafSekretess = ParagrafNode & { arende: { diarienummer: string; sekretess: unknown } | null };

const papersNow = async (read: BodyRead) =>
  (await read.graph.list('papers', read.kommunkod, read.clientAddress)).arenden as ArendeNode[];

const paragraphOf = (read: BodyRead, p: ParagrafSekretess) =>
  paragraphItem(read.urls, read.kommunkod, p, Boolean(p.arende?.sekretess));

/** A meeting with its AgendaItems, given its decided ones by beteckning; its planned ones go to `planned`. */
function meetingWithItems(read: BodyRead, m: SammantradeNode, decided: Map<string, OparlObject>, planned: OparlObject[]) {
  const items = m.dagordning.map((punkt) => {
    const item = punkt.paragraf && decided.get(punkt.paragraf.beteckning);
    if (item) return item;
    const plan = plannedItem(read.urls, read.kommunkod, m, punkt);
    planned.push(plan);
    return plan;
  });
  return { meeting: meeting(read.urls, read.kommunkod, m, items), items };
}

/** The meetings and AgendaItems now, from the kommun's ordinary lists in one operation. */
async function meetingsNow(read: BodyRead) {
  const kommun = await read.graph.list('meetings', read.kommunkod, read.clientAddress);
  const paragrafer = kommun.paragrafer as ParagrafSekretess[];
  const decided = new Map(paragrafer.map((p) => [p.beteckning, paragraphOf(read, p)]));
  const planned: OparlObject[] = [];
  const meetings = (kommun.sammantraden as SammantradeNode[]).map((m) => meetingWithItems(read, m, decided, planned).meeting);
  return { meetings, items: [...decided.values(), ...planned] };
}

/**
 * A full list (no `modified_since`): its objects as the kommun's ordinary lists hold them now,
 * never held back behind an open transaction (as the feeds are). Its deleted objects are not
 * listed without `modified_since`; an object's URL finds them with `deletedAt`.
 */
const FULL_LIST_READERS: Partial<Record<BodyList, (read: BodyRead) => Promise<OparlObject[]>>> = {
  async organizations(read) {
    const { organ } = await read.graph.list('organizations', read.kommunkod, read.clientAddress);
    return (organ as OrganNode[]).map((o) => organization(read.urls, read.kommunkod, o));
  },
  async persons(read) {
    const { ledamoter } = await read.graph.list('persons', read.kommunkod, read.clientAddress);
    return (ledamoter as LedamotNode[]).map((l) => person(read.urls, read.kommunkod, l));
  },
  async memberships(read) {
    const { ledamoter } = await read.graph.list('persons', read.kommunkod, read.clientAddress);
    return (ledamoter as LedamotNode[]).flatMap((l) =>
      l.ledamotskap.map((seat) => membership(read.urls, read.kommunkod, l, seat)),
    );
  },
  async meetings(read) {
    return (await meetingsNow(read)).meetings;
  },
  async agendaitems(read) {
    return (await meetingsNow(read)).items;
  },
  async papers(read) {
    return (await papersNow(read)).map((a) => paper(read.urls, read.kommunkod, a));
  },
  async files(read) {
    return (await files(read)).flatMap((h) => (h.fil ? [file(read.urls, read.kommunkod, { ...h, fil: h.fil })] : []));
  },
};

/**
 * The documents now, as the public may see them, with their signed links (for the access URL
 * too): by ärende, none of a restricted one (the kommun withholds them from the public; held here
 * too, as the feed's list does).
 */
export async function files(read: BodyRead): Promise<HandlingNode[]> {
  const { arenden } = await read.graph.list('files', read.kommunkod, read.clientAddress);
  type WithDocuments = { diarienummer: string; sekretess: unknown; beslutsunderlag: HandlingNode[] | null };
  return (arenden as WithDocuments[]).flatMap((a) =>
    a.sekretess ? [] : (a.beslutsunderlag ?? []).map((h) => ({ ...h, arende: h.arende ?? { diarienummer: a.diarienummer } })),
  );
}

async function agendaItems(read: BodyRead) {
  const { urls, kommunkod } = read;
  const meetingKey = (m: SammantradeNode) => m.id;
  const paragraphKey = (p: ParagrafNode) => p.beteckning;
  const [meetings, meetingChanges, paragraphFeed, paragraphChanges, restricted] = await Promise.all([
    feed<SammantradeNode>(read, 'meetings'),
    changes(read, 'meetings', meetingKey),
    feed<ParagrafNode>(read, 'agendaItems'),
    changes(read, 'agendaItems', paragraphKey),
    restrictedOf(read),
  ]);
  const paragraphs = splitOf(
    paragraphFeed,
    paragraphChanges,
    paragraphKey,
    (key) => urls.object(kommunkod, 'agendaitem', key),
    'AgendaItem',
  );
  const byBeteckning = new Map(
    paragraphs.all.map((p) => [p.beteckning, paragraphItem(urls, kommunkod, p, restricted.has(p.arende?.diarienummer ?? ''))]),
  );
  const meetingSplit = splitOf(meetings, meetingChanges, meetingKey, (key) => urls.object(kommunkod, 'meeting', key), 'Meeting');
  const inline = new Map<string, OparlObject[]>();
  const planned: OparlObject[] = [];
  for (const m of meetingSplit.all) {
    const items = m.dagordning.map((punkt) => {
      const decided = punkt.paragraf && byBeteckning.get(punkt.paragraf.beteckning);
      if (decided) return decided;
      const item = plannedItem(urls, kommunkod, m, punkt);
      // A planned item changes with its meeting (the feed's rule).
      if (changed(meetingChanges, m.id)) planned.push(item);
      return item;
    });
    inline.set(m.id, items);
  }
  const changedParagraphs = new Set(paragraphs.live.map((p) => p.beteckning));
  return {
    meetings: { live: meetingSplit.live, deleted: meetingSplit.deleted, inline },
    items: {
      live: [...[...byBeteckning].filter(([key]) => changedParagraphs.has(key)).map(([, item]) => item), ...planned],
      deleted: paragraphs.deleted,
    },
  };
}

/** Every list of a Body from the feeds: what changed since `read.since`, or all they hold with their tombstones. */
const FEED_LIST_READERS: Record<BodyList, (read: BodyRead) => Promise<BodyListContents>> = {
  async organizations(read) {
    const { live, deleted } = await split<OrganNode>(
      read,
      'organizations',
      (o) => o.id,
      (key) => read.urls.object(read.kommunkod, 'organization', key),
      'Organization',
    );
    return { live: live.map((o) => organization(read.urls, read.kommunkod, o)), deleted };
  },
  async persons(read) {
    const { live, deleted } = await split<LedamotNode>(
      read,
      'persons',
      (l) => l.id,
      (key) => read.urls.object(read.kommunkod, 'person', key),
      'Person',
    );
    return { live: live.map((l) => person(read.urls, read.kommunkod, l)), deleted };
  },
  async memberships(read) {
    const { live } = await split<LedamotNode>(
      read,
      'persons',
      (l) => l.id,
      (key) => read.urls.object(read.kommunkod, 'person', key),
      'Person',
    );
    // The feed has no tombstone of a seat: a seat that ends gets its `till`, one removed is gone.
    return {
      live: live.flatMap((l) => l.ledamotskap.map((seat) => membership(read.urls, read.kommunkod, l, seat))),
      deleted: [],
    };
  },
  async meetings(read) {
    const { meetings } = await agendaItems(read);
    const live = meetings.live.map((m) => meeting(read.urls, read.kommunkod, m, meetings.inline.get(m.id) ?? []));
    return { live, deleted: meetings.deleted };
  },
  async agendaitems(read) {
    return (await agendaItems(read)).items;
  },
  async papers(read) {
    const { live, deleted } = await papers(read);
    return { live: live.map((a) => paper(read.urls, read.kommunkod, a)), deleted };
  },
  async files(read) {
    const handlingarOf = split<HandlingNode>(
      read,
      'files',
      (h) => h.id,
      (key) => read.urls.object(read.kommunkod, 'file', key),
      'File',
    );
    const [handlingar, restricted] = await Promise.all([handlingarOf, restrictedOf(read)]);
    // The feed leaves out the documents of restricted ärenden for the public; this holds it here too.
    const shown = handlingar.live.filter((h) => !(h.arende && restricted.has(h.arende.diarienummer)));
    return {
      live: shown.flatMap((h) => (h.fil ? [file(read.urls, read.kommunkod, { ...h, fil: h.fil })] : [])),
      deleted: handlingar.deleted,
    };
  },
  async legislativeterms(read) {
    // Derived, not on a feed: a term is modified only as it begins, so the time alone selects.
    const terms = legislativeTerms(read.urls, read.kommunkod);
    return { live: terms.filter((t) => read.since === undefined || Date.parse(t.modified!) >= read.since), deleted: [] };
  },
};

/** The feeds a list's `modified_since` poll reads. */
const FEEDS_OF: Record<BodyList, OparlFeed[]> = {
  organizations: ['organizations'],
  persons: ['persons'],
  memberships: ['persons'],
  meetings: ['meetings', 'agendaItems'],
  agendaitems: ['meetings', 'agendaItems'],
  papers: ['papers'],
  files: ['files'],
  legislativeterms: [],
};

/**
 * Every list of a Body, read through the graph (LegislativeTerm from the law, without it): a full
 * list from the kommun's ordinary lists, one with `modified_since` from the commit-ordered feeds.
 */
export const BODY_LIST_READERS: Record<BodyList, (read: BodyRead) => Promise<BodyListContents>> = Object.fromEntries(
  Object.entries(FEED_LIST_READERS).map(([list, fromFeed]) => {
    const full = FULL_LIST_READERS[list as BodyList];
    const reader = async (read: BodyRead): Promise<BodyListContents> => {
      if (!full || read.since !== undefined) return fromFeed(read);
      // Its deleted objects are not listed without `modified_since`: its feeds are read only so
      // that where they stand is noted (FeedClock), for the client's next poll to go on from.
      const [live] = await Promise.all([full(read), ...FEEDS_OF[list as BodyList].map((name) => feed(read, name))]);
      return { live, deleted: [] };
    };
    return [list, reader];
  }),
) as Record<BodyList, (read: BodyRead) => Promise<BodyListContents>>;

/** The deleted objects of a list, from its feed's tombstones (an object deleted, not made again). */
export async function deletedAt(read: BodyRead, list: BodyList): Promise<OparlObject[]> {
  return (await FEED_LIST_READERS[list]({ ...read, since: undefined })).deleted;
}

/**
 * The live objects one read gives for an object's URL (its kind and the key's first part,
 * unescaped): a Paper, a Person, a Person's Memberships, a Meeting, its planned AgendaItems (by
 * the meeting's id) or a paragraph's, the Organizations; none when the kommun has no such one
 * (deleted, never, or another kind), and the caller then looks in the tombstones. Null for a
 * kind with no such read (File, LegislativeTerm): the caller reads its list.
 */
export async function objectsAt(read: BodyRead, kind: string, key: string): Promise<OparlObject[] | null> {
  const { urls, kommunkod } = read;
  const get = <T>(of: OparlObjectKind) => read.graph.object<T>(of, kommunkod, key, read.clientAddress);
  const meetingOf = async () => {
    const m = await get<SammantradeNode>('meeting');
    if (!m) return null;
    // The meeting's read gives its decided items' whole paragraphs (OPARL_OBJECTS.meeting).
    const paragrafer = m.dagordning.flatMap((punkt) => (punkt.paragraf ? [punkt.paragraf as ParagrafSekretess] : []));
    const decided = new Map(paragrafer.map((p) => [p.beteckning, paragraphOf(read, p)]));
    const planned: OparlObject[] = [];
    return { ...meetingWithItems(read, m, decided, planned), planned };
  };
  switch (kind) {
    case 'paper': {
      const arende = await get<ArendeNode>('paper');
      return arende ? [paper(urls, kommunkod, arende)] : [];
    }
    case 'person':
    case 'membership': {
      const ledamot = await get<LedamotNode>('person');
      if (!ledamot) return [];
      if (kind === 'person') return [person(urls, kommunkod, ledamot)];
      return ledamot.ledamotskap.map((seat) => membership(urls, kommunkod, ledamot, seat));
    }
    case 'agendaitem': {
      const paragraf = await get<ParagrafSekretess>('agendaitem');
      if (paragraf) return [paragraphOf(read, paragraf)];
      // An item not yet decided is at its meeting's id and number.
      return (await meetingOf())?.planned ?? [];
    }
    case 'meeting': {
      const found = await meetingOf();
      return found ? [found.meeting] : [];
    }
    case 'organization':
      return FULL_LIST_READERS.organizations!(read);
    default:
      return null;
  }
}
