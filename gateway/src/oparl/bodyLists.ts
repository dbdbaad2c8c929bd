import { paragraphItem, plannedItem, type ParagrafNode } from './agendaItem';
import { file, type HandlingNode } from './file';
import { meeting, type SammantradeNode } from './meeting';
import type { FeedContents, OparlGraph } from './oparlGraph';
import { deadTombstones, deletedObject, latestByKey, type OparlObject } from './oparlObject';
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
}

/** A list's live objects and its deleted ones (served only where `modified_since` asks). */
export interface BodyListContents {
  live: OparlObject[];
  deleted: OparlObject[];
}

const feed = <T>(read: BodyRead, name: Parameters<OparlGraph['feed']>[0]) =>
  read.graph.feed<T>(name, read.kommunkod, read.clientAddress);

/** The live nodes of a feed by key, and its deleted objects. */
function split<T>(contents: FeedContents<T>, keyOf: (node: T) => string, deletedUrl: (key: string) => string, type: string) {
  const live = latestByKey(contents.nodes, keyOf);
  const deleted = deadTombstones(contents.borttagna, new Set(live.map(keyOf))).map((t) =>
    deletedObject(deletedUrl(t.id), type, t),
  );
  return { live, deleted };
}

async function papers(read: BodyRead) {
  return split(
    await feed<ArendeNode>(read, 'papers'),
    (a) => a.diarienummer,
    (key) => read.urls.object(read.kommunkod, 'paper', key),
    'Paper',
  );
}

/** The diarienummer of the ärenden with sekretess. */
const restrictedOf = (arenden: ArendeNode[]) => new Set(arenden.filter((a) => a.sekretess).map((a) => a.diarienummer));

async function agendaItems(read: BodyRead) {
  const { urls, kommunkod } = read;
  const [meetings, paragraphs, arenden] = await Promise.all([
    feed<SammantradeNode>(read, 'meetings'),
    feed<ParagrafNode>(read, 'agendaItems'),
    papers(read),
  ]);
  const restricted = restrictedOf(arenden.live);
  const paragraphSplit = split(
    paragraphs,
    (p) => p.beteckning,
    (key) => urls.object(kommunkod, 'agendaitem', key),
    'AgendaItem',
  );
  const byBeteckning = new Map(
    paragraphSplit.live.map((p) => [
      p.beteckning,
      paragraphItem(urls, kommunkod, p, restricted.has(p.arende?.diarienummer ?? '')),
    ]),
  );
  const liveMeetings = latestByKey(meetings.nodes, (m) => m.id);
  const inline = new Map<string, OparlObject[]>();
  const planned: OparlObject[] = [];
  for (const m of liveMeetings) {
    const items = m.dagordning.map((punkt) => {
      const decided = punkt.paragraf && byBeteckning.get(punkt.paragraf.beteckning);
      if (decided) return decided;
      const item = plannedItem(urls, kommunkod, m, punkt);
      planned.push(item);
      return item;
    });
    inline.set(m.id, items);
  }
  return {
    meetings: { live: liveMeetings, deleted: meetings.borttagna, inline },
    items: { live: [...byBeteckning.values(), ...planned], deleted: paragraphSplit.deleted },
  };
}

/** Every list of a Body, read through the graph. */
export const BODY_LIST_READERS: Record<BodyList, (read: BodyRead) => Promise<BodyListContents>> = {
  async organizations(read) {
    const { live, deleted } = split(
      await feed<OrganNode>(read, 'organizations'),
      (o) => o.id,
      (key) => read.urls.object(read.kommunkod, 'organization', key),
      'Organization',
    );
    return { live: live.map((o) => organization(read.urls, read.kommunkod, o)), deleted };
  },
  async persons(read) {
    const { live, deleted } = split(
      await feed<LedamotNode>(read, 'persons'),
      (l) => l.id,
      (key) => read.urls.object(read.kommunkod, 'person', key),
      'Person',
    );
    return { live: live.map((l) => person(read.urls, read.kommunkod, l)), deleted };
  },
  async memberships(read) {
    const ledamoter = latestByKey((await feed<LedamotNode>(read, 'persons')).nodes, (l) => l.id);
    // The feed has no tombstone of a seat: a seat that ends gets its `till`, one removed is gone.
    return {
      live: ledamoter.flatMap((l) => l.ledamotskap.map((seat) => membership(read.urls, read.kommunkod, l, seat))),
      deleted: [],
    };
  },
  async meetings(read) {
    const { meetings } = await agendaItems(read);
    const live = meetings.live.map((m) => meeting(read.urls, read.kommunkod, m, meetings.inline.get(m.id) ?? []));
    const alive = new Set(meetings.live.map((m) => m.id));
    const deleted = deadTombstones(meetings.deleted, alive).map((t) =>
      deletedObject(read.urls.object(read.kommunkod, 'meeting', t.id), 'Meeting', t),
    );
    return { live, deleted };
  },
  async agendaitems(read) {
    return (await agendaItems(read)).items;
  },
  async papers(read) {
    const { live, deleted } = await papers(read);
    return { live: live.map((a) => paper(read.urls, read.kommunkod, a)), deleted };
  },
  async files(read) {
    const [handlingar, arenden] = await Promise.all([files(read), papers(read)]);
    const restricted = restrictedOf(arenden.live);
    // The feed leaves out the documents of restricted ärenden for the public; this holds it here too.
    const shown = handlingar.live.filter((h) => !(h.arende && restricted.has(h.arende.diarienummer)));
    return {
      live: shown.flatMap((h) => (h.fil ? [file(read.urls, read.kommunkod, { ...h, fil: h.fil })] : [])),
      deleted: handlingar.deleted,
    };
  },
  async legislativeterms() {
    // The model has no mandatperiod: nothing to list.
    return { live: [], deleted: [] };
  },
};

/** The documents of a kommun as the public may see them, with their signed links (for the access URL). */
export async function files(read: BodyRead) {
  return split(
    await feed<HandlingNode>(read, 'files'),
    (h) => h.id,
    (key) => read.urls.object(read.kommunkod, 'file', key),
    'File',
  );
}
