import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { identityOf } from '../contract';
import { dataOf, fail, pass, skip, type KitContext, type Rule } from '../kit';

const PAGE = 2;
/** Small pages are compared over the first rows; the whole list is walked in pages of the contract's largest. */
const COMPARED_ROWS = 20;
const LARGEST_PAGE = 100;
const MAX_PAGES = 2000;

/** The kommun's paged lists that are not sync feeds: Kommun fields taking `first` and `after`. */
function pagedLists(ctx: KitContext): { field: string; nodeType: GraphQLObjectType }[] {
  const kommun = ctx.contract.getType('Kommun') as GraphQLObjectType;
  return Object.values(kommun.getFields()).flatMap((field) => {
    const args = new Set(field.args.map((a) => a.name));
    const named = getNamedType(field.type);
    if (!args.has('first') || !args.has('after') || args.has('andradeEfter') || !isObjectType(named)) return [];
    return [{ field: field.name, nodeType: getNamedType(named.getFields().nodes.type) as GraphQLObjectType }];
  });
}

/** Walks a list `first` rows at a time; returns the rows' identities in order, or what was wrong. */
async function walk(
  ctx: KitContext,
  field: string,
  identity: string[],
  first: number,
  enough = Infinity,
): Promise<{ ids: string[]; problems: string[] }> {
  const query = `query($k: ID!, $first: Int, $after: String) { kommun(kommunkod: $k) { ${field}(first: $first, after: $after) {
    nodes { ${identity.join(' ')} } pageInfo { hasNextPage endCursor } } } }`;
  const ids: string[] = [];
  const problems: string[] = [];
  let after: string | null = null;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = dataOf(
      await ctx.readAsOfficer(query, { k: ctx.kommunkod, first, after }),
      `${field}(first: ${first}) page ${page}`,
    );
    const { nodes, pageInfo } = data.kommun[field] as {
      nodes: Record<string, unknown>[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    if (nodes.length > first) problems.push(`page ${page} holds ${nodes.length} rows for first: ${first}`);
    for (const node of nodes) {
      const id = identity.map((f) => String(node[f])).join(' ');
      if (ids.includes(id)) problems.push(`${id} again on page ${page}`);
      ids.push(id);
    }
    if (pageInfo.hasNextPage && !pageInfo.endCursor) problems.push(`page ${page}: hasNextPage without an endCursor`);
    if (pageInfo.hasNextPage && nodes.length === 0) problems.push(`page ${page}: hasNextPage on an empty page`);
    if (pageInfo.endCursor && pageInfo.endCursor === after)
      problems.push(`page ${page}: endCursor is the cursor it was asked after`);
    if (problems.length || !pageInfo.hasNextPage || ids.length >= enough) return { ids, problems };
    after = pageInfo.endCursor;
  }
  return { ids, problems: [`still hasNextPage after ${MAX_PAGES} pages`] };
}

/** A client that pages through a list sees every row once, in the same order as one big page. */
export const paging: Rule = {
  name: 'paging',
  level: 'MUST',
  description: '`first`/`after` paging: stable order, no row twice, hasNextPage and endCursor coherent',
  async check(ctx) {
    const lists = pagedLists(ctx);
    const problems: string[] = [];
    const short: string[] = [];
    for (const { field, nodeType } of lists) {
      const identity = identityOf(ctx.contract, nodeType);
      const small = await walk(ctx, field, identity, PAGE, COMPARED_ROWS);
      if (small.problems.length) {
        problems.push(`${field}(first: ${PAGE}): ${small.problems.join('; ')}`);
        continue;
      }
      if (small.ids.length <= PAGE) {
        short.push(field);
        continue;
      }
      const again = await walk(ctx, field, identity, PAGE, COMPARED_ROWS);
      const whole = await walk(ctx, field, identity, LARGEST_PAGE);
      const head = whole.ids.slice(0, small.ids.length);
      if (again.ids.join('|') !== small.ids.join('|')) problems.push(`${field}: a second walk gave another order`);
      else if (whole.problems.length) problems.push(`${field}(first: ${LARGEST_PAGE}): ${whole.problems.join('; ')}`);
      else if (head.join('|') !== small.ids.join('|'))
        problems.push(
          `${field}: pages of ${PAGE} give [${small.ids.slice(0, 6).join(', ')}…], pages of ${LARGEST_PAGE} give [${head.slice(0, 6).join(', ')}…]`,
        );
    }
    if (problems.length) return fail(problems.join('; '));
    if (short.length === lists.length)
      return skip(`the kommun holds no more than ${PAGE} rows in ${short.join(', ')}: nothing to page through`);
    return pass(short.length ? `too few rows to page through in ${short.join(', ')}` : undefined);
  },
};
