import { getNamedType, isInputObjectType, isObjectType, type GraphQLObjectType } from 'graphql';
import { feedsOf, identityOf } from '../contract';
import { dataOf, fail, pass, skip, type Asker, type KitContext, type Rule } from '../kit';

/** The first pages are small, to page within the feed; then the contract's largest, to read a big kommun's feed in time. */
const SMALL_PAGE = 3;
const SMALL_PAGES = 5;
const LARGEST_PAGE = 100;
const MAX_PAGES = 2000;

interface Feed {
  field: string;
  nodeType: GraphQLObjectType;
  /** Whether the marker goes in the list's `filter` (Kommun.arenden) rather than an argument of its own. */
  inFilter: boolean;
}

/** Every sync feed of the contract: Kommun fields taking `andradeEfter`, as an argument or in their filter. */
export function feeds(ctx: KitContext): Feed[] {
  const kommun = ctx.contract.getType('Kommun') as GraphQLObjectType;
  const viaFilter = Object.values(kommun.getFields()).flatMap((field) => {
    const filter = field.args.find((a) => a.name === 'filter');
    const filterType = filter && getNamedType(filter.type);
    const named = getNamedType(field.type);
    if (!isInputObjectType(filterType) || !filterType.getFields().andradeEfter || !isObjectType(named)) return [];
    return [{ field: field.name, nodeType: getNamedType(named.getFields().nodes.type) as GraphQLObjectType, inFilter: true }];
  });
  return [...viaFilter, ...feedsOf(ctx.contract).map((f) => ({ ...f, inFilter: false }))];
}

interface Poll {
  rows: { id: string; uppdaterad?: unknown }[];
  tombstones: { typ: string; id: string; markor: string }[];
  marker: unknown;
  problems: string[];
}

/** Reads a feed from `marker` to its end, page by page, as a copy that keeps up would. */
export async function poll(
  ctx: KitContext,
  feed: Feed,
  marker: string,
  /** Who reads: the kommun's own case officer unless another reader is given. */
  asker?: Asker,
): Promise<Poll> {
  const read = (query: string, variables: Record<string, unknown>) =>
    asker ? ctx.ask(asker, query, variables) : ctx.readAsOfficer(query, variables);
  const identity = identityOf(ctx.contract, feed.nodeType);
  const withUpdated = Boolean(feed.nodeType.getFields().uppdaterad);
  const args = feed.inFilter ? 'filter: { andradeEfter: $m }' : 'andradeEfter: $m';
  const query = `query($k: ID!, $m: String, $first: Int, $after: String) { kommun(kommunkod: $k) { ${feed.field}(${args}, first: $first, after: $after) {
    nodes { ${identity.join(' ')}${withUpdated ? ' uppdaterad' : ''} } borttagna { typ id markor } pageInfo { hasNextPage endCursor } andringsmarkor } } }`;
  const result: Poll = { rows: [], tombstones: [], marker: undefined, problems: [] };
  let after: string | null = null;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = dataOf(
      await read(query, {
        k: ctx.kommunkod,
        m: marker,
        first: page <= SMALL_PAGES ? SMALL_PAGE : LARGEST_PAGE,
        after,
      }),
      `${feed.field} page ${page}`,
    );
    const answer = data.kommun[feed.field];
    for (const node of answer.nodes as Record<string, unknown>[]) {
      result.rows.push({ id: identity.map((f) => String(node[f])).join(' '), uppdaterad: node.uppdaterad });
    }
    result.tombstones.push(...(answer.borttagna as Poll['tombstones']));
    result.marker = answer.andringsmarkor;
    if (answer.pageInfo.hasNextPage && !answer.pageInfo.endCursor)
      result.problems.push(`page ${page}: hasNextPage without an endCursor`);
    if (!answer.pageInfo.hasNextPage || result.problems.length) return result;
    after = answer.pageInfo.endCursor;
  }
  result.problems.push(`still hasNextPage after ${MAX_PAGES} pages`);
  return result;
}

function twice(ids: string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

/**
 * A copy kept by the feed sees each row once, at its last change, and a tombstone for each
 * deletion; polling again from the marker it was given repeats nothing that has not changed since.
 */
export const syncFeed: Rule = {
  name: 'sync-feed',
  level: 'MUST',
  description:
    'each sync feed (andradeEfter) gives a row once, well-formed tombstones, and a marker after which nothing unchanged repeats',
  async check(ctx) {
    const problems: string[] = [];
    let tombstones = 0;
    const all = feeds(ctx);
    if (!all.length) return skip('the contract has no sync feed');
    for (const feed of all) {
      const first = await poll(ctx, feed, '');
      problems.push(...first.problems.map((p) => `${feed.field}: ${p}`));
      tombstones += first.tombstones.length;
      const rowsTwice = twice(first.rows.map((r) => r.id));
      if (rowsTwice.length) problems.push(`${feed.field}: ${rowsTwice[0]} twice in one read from the start`);
      const badTombstone = first.tombstones.find((t) => !t.typ || !t.id || !t.markor);
      if (badTombstone) problems.push(`${feed.field}: a tombstone without typ, id or markor: ${JSON.stringify(badTombstone)}`);
      const tombstonesTwice = twice(first.tombstones.map((t) => `${t.typ} ${t.id} ${t.markor}`));
      if (tombstonesTwice.length) problems.push(`${feed.field}: tombstone ${tombstonesTwice[0]} twice`);
      // An empty feed may answer no marker: polling it again from the start is the same poll.
      if (!first.rows.length && !first.tombstones.length && (first.marker === null || first.marker === '')) continue;
      if (typeof first.marker !== 'string' || first.marker === '') {
        problems.push(`${feed.field}: no andringsmarkor at the end of the feed (${JSON.stringify(first.marker)})`);
        continue;
      }
      const next = await poll(ctx, feed, first.marker);
      const seen = new Map(first.rows.map((r) => [r.id, r.uppdaterad]));
      const repeated = next.rows.find((r) => seen.has(r.id) && seen.get(r.id) === r.uppdaterad);
      if (repeated) problems.push(`${feed.field}: ${repeated.id} again after the marker, unchanged`);
      const seenTombstones = new Set(first.tombstones.map((t) => t.markor));
      const repeatedTombstone = next.tombstones.find((t) => seenTombstones.has(t.markor));
      if (repeatedTombstone)
        problems.push(`${feed.field}: tombstone ${repeatedTombstone.typ} ${repeatedTombstone.id} again after the marker`);
    }
    if (problems.length) return fail(problems.join('; '));
    // The contract has no write that deletes, so the kit cannot make a tombstone to follow.
    return pass(tombstones ? `${tombstones} tombstone(s) checked` : 'no feed held a tombstone: their form is unchecked');
  },
};

/** Registers an ärende (only with --write) and follows it on the feed: seen once, then not again. */
export const syncFeedChange: Rule = {
  name: 'sync-feed-change',
  level: 'MUST',
  description: 'a change made during polling is seen once on the sync feed, then not again',
  async check(ctx) {
    if (!ctx.write)
      return skip('a change can only be made by a write: run the kit with --write to register an ärende in the kommun');
    const feed = feeds(ctx).find((f) => f.inFilter && f.nodeType.name === 'Arende');
    if (!feed) return skip('the contract has no sync feed of ärenden');
    const before = await poll(ctx, feed, '');
    if (typeof before.marker !== 'string')
      return fail(`no andringsmarkor at the end of the feed (${JSON.stringify(before.marker)})`);
    const organ = dataOf(
      await ctx.readAsOfficer('query($k: ID!) { kommun(kommunkod: $k) { organ { id } } }', { k: ctx.kommunkod }),
      'organ',
    );
    const ansvarigtOrgan = organ.kommun?.organ?.[0]?.id;
    if (!ansvarigtOrgan) return skip('the kommun has no organ to register an ärende in');
    const written = dataOf(
      await ctx.readAsOfficer(
        'mutation($k: ID!, $o: ID!) { registreraArende(kommunkod: $k, input: { ansvarigtOrgan: $o, rubrik: "Konformanskontroll" }) { diarienummer } }',
        { k: ctx.kommunkod, o: ansvarigtOrgan },
      ),
      'registreraArende',
    );
    const diarienummer = written.registreraArende.diarienummer as string;
    // A commit-safe feed holds a change back until older transactions end: a loose bound only a hang breaks.
    let after: Poll | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      after = await poll(ctx, feed, before.marker);
      if (after.rows.some((r) => r.id === diarienummer)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const times = after!.rows.filter((r) => r.id === diarienummer).length;
    if (times !== 1) return fail(`registered ${diarienummer}; the feed after the marker gave it ${times} times`);
    if (typeof after!.marker !== 'string') return fail(`no andringsmarkor after the change (${JSON.stringify(after!.marker)})`);
    const again = await poll(ctx, feed, after!.marker);
    if (again.rows.some((r) => r.id === diarienummer))
      return fail(`${diarienummer} came again after the marker that followed it`);
    return pass(`registered ${diarienummer} and saw it once`);
  },
};
