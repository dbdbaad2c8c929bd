import { ErrorCode } from '#platform/errors';
import { dataOf, fail, pass, skip, type Asker, type KitContext, type Rule } from '../kit';
import { feeds, poll } from './syncFeed';

const CONTENT = ['rubrik', 'beskrivning', 'forslagTillBeslut', 'beslutsunderlag'] as const;
const MAX_PAGES = 20;

interface Restricted {
  diarienummer: string;
  rubrik: string | null;
}

/** The kommun's ärenden with sekretess, as its own case officer lists them (at most 2,000 looked at). */
async function restrictedArenden(ctx: KitContext): Promise<Restricted[]> {
  const query = `query($k: ID!, $after: String) { kommun(kommunkod: $k) { arenden(first: 100, after: $after) {
    nodes { diarienummer rubrik sekretess { lagrum } } pageInfo { hasNextPage endCursor } } } }`;
  const found: Restricted[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = dataOf(await ctx.readAsOfficer(query, { k: ctx.kommunkod, after }), 'listing ärenden as a case officer');
    const { nodes, pageInfo } = data.kommun.arenden;
    found.push(...(nodes as (Restricted & { sekretess: unknown })[]).filter((n) => n.sekretess));
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  return found.slice(0, 3);
}

function outsiders(ctx: KitContext): [string, Asker][] {
  return [
    ['an anonymous reader', { token: 'internal', caller: null }],
    [
      `a HANDLAGGARE of ${ctx.otherKommunkod}`,
      { token: 'internal', caller: { sub: 'konformans-annan', kommunkod: ctx.otherKommunkod, roller: ['HANDLAGGARE', 'ADMIN'] } },
    ],
  ];
}

/** The documents of restricted ärenden must not reach an outsider through the sync feed of documents either. */
async function documentsOnFeed(ctx: KitContext, restricted: Restricted[]): Promise<string[]> {
  const feed = feeds(ctx).find((f) => f.nodeType.name === 'Handling');
  if (!feed) return [];
  const ids = new Set<string>();
  for (const { diarienummer } of restricted) {
    const answer = await ctx.readAsOfficer(
      'query($k: ID!, $d: String!) { arende(kommunkod: $k, diarienummer: $d) { beslutsunderlag { id } } }',
      { k: ctx.kommunkod, d: diarienummer },
    );
    for (const h of (answer.data?.arende?.beslutsunderlag ?? []) as { id: string }[]) ids.add(h.id);
  }
  if (!ids.size) return [];
  const problems: string[] = [];
  for (const [label, asker] of outsiders(ctx)) {
    const read = await poll(ctx, feed, '', asker);
    const leaked = read.rows.filter((r) => ids.has(r.id)).map((r) => r.id);
    if (leaked.length)
      problems.push(`${feed.field} from the start to ${label}: documents ${leaked.join(', ')} of restricted ärenden`);
  }
  return problems;
}

const ARENDE = `query($k: ID!, $d: String!) { arende(kommunkod: $k, diarienummer: $d) {
  diarienummer sekretess { lagrum } rubrik beskrivning forslagTillBeslut { text } beslutsunderlag { id } } }`;

/** Sekretess under OSL: the ärende's existence is public, its content only for the kommun's own officers. */
export const restrictedWithheld: Rule = {
  name: 'restricted-withheld',
  level: 'MUST',
  description:
    'the content of an ärende with sekretess is null for a caller who may not read it, and a text search does not find it',
  async check(ctx) {
    const restricted = await restrictedArenden(ctx);
    if (!restricted.length) return skip('the kommun has no ärende with sekretess to ask for');
    const problems: string[] = [];
    problems.push(...(await documentsOnFeed(ctx, restricted)));
    for (const { diarienummer, rubrik } of restricted) {
      for (const [label, asker] of outsiders(ctx)) {
        const arende = (await ctx.ask(asker, ARENDE, { k: ctx.kommunkod, d: diarienummer })).data?.arende;
        if (!arende) {
          problems.push(`${diarienummer} to ${label}: not answered at all (its existence is public)`);
          continue;
        }
        const shown = CONTENT.filter((f) => arende[f] !== null && arende[f] !== undefined);
        if (shown.length)
          problems.push(
            `${diarienummer} to ${label}: ${shown.map((f) => `${f}=${JSON.stringify(arende[f]).slice(0, 60)}`).join(', ')}`,
          );
        const word = rubrik?.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4);
        if (!word) continue;
        const search = await ctx.ask(
          asker,
          'query($k: ID!, $t: String) { kommun(kommunkod: $k) { arenden(first: 100, filter: { text: $t }) { nodes { diarienummer } } } }',
          { k: ctx.kommunkod, t: word },
        );
        const nodes = (search.data?.kommun?.arenden?.nodes ?? []) as { diarienummer: string }[];
        if (nodes.some((n) => n.diarienummer === diarienummer))
          problems.push(`${diarienummer} found by ${label} searching "${word}" from its rubrik`);
      }
    }
    return problems.length ? fail(problems.join('; ')) : pass(`asked for ${restricted.map((r) => r.diarienummer).join(', ')}`);
  },
};

/** A client can tell withheld content from absent content by the FORBIDDEN error at the field's path. */
export const restrictedForbidden: Rule = {
  name: 'restricted-forbidden-code',
  level: 'SHOULD',
  description: `withheld content carries an error with extensions.code ${ErrorCode.FORBIDDEN} at its path`,
  async check(ctx) {
    const restricted = await restrictedArenden(ctx);
    if (!restricted.length) return skip('the kommun has no ärende with sekretess to ask for');
    const [label, asker] = outsiders(ctx)[0];
    const answer = await ctx.ask(asker, ARENDE, { k: ctx.kommunkod, d: restricted[0].diarienummer });
    const forbidden = new Set(
      (answer.errors ?? []).filter((e) => e.extensions?.code === ErrorCode.FORBIDDEN).map((e) => (e.path ?? []).join('.')),
    );
    const without = ['rubrik', 'beskrivning'].filter((f) => !forbidden.has(`arende.${f}`));
    return without.length
      ? fail(`${restricted[0].diarienummer} to ${label}: no FORBIDDEN at ${without.map((f) => `arende.${f}`).join(', ')}`)
      : pass();
  },
};
