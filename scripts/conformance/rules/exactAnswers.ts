import { parse, type OperationDefinitionNode } from 'graphql';
import { answerShape, shapeMismatch } from '../../../gateway/src/kommunRouterHosts/gateway/answerShape';
import { dataOf, fail, pass, skip, type KitContext, type Rule } from '../kit';

/** Reads the gateway sends on as clients ask them (aliases, a fragment, an @include), with their variables for a kommunkod. */
const READS: { query: string; variables: (kommunkod: string) => Record<string, unknown> }[] = [
  {
    query: `query($k: ID!, $mer: Boolean!) {
    kommun(kommunkod: $k) {
      kommunkod
      heter: namn
      organ { ...Organ }
      arenden(first: 3) { totalCount nodes { diarienummer rubrik status registrerad } pageInfo { hasNextPage endCursor } }
      uppdrag { id status deadline forsenad }
      paragrafer { beteckning organ { id } ar nummer utfall rubrik @include(if: $mer) }
    }
  }
  fragment Organ on Organ { id kortnamn namn typ }`,
    variables: (k) => ({ k, mer: true }),
  },
  {
    query: `query($k: [ID!]) { kommuner(kommunkoder: $k) { kommunkod namn lan } statistik(kommunkoder: $k) { arenden { status antal } } }`,
    variables: (k) => ({ k: [k] }),
  },
];

/**
 * The gateway sends a query that only kommuner answer to each kommun as the client asked it, and
 * uses the merged answer as it comes when it has exactly the shape asked for; an answer with a
 * field more (or a null where the schema allows none) is asked again through @apollo/gateway,
 * which shapes it, so the kommun is asked twice (gateway/src/kommunRouterHosts/gateway/).
 */
export const exactAnswers: Rule = {
  name: 'exact-answers',
  level: 'SHOULD',
  description:
    'answer exactly what a query selects: no field it did not ask for, none missing, no null where the schema has none',
  async check(ctx: KitContext) {
    const query = ctx.contract.getQueryType();
    if (!query) return skip('the contract has no Query type');
    for (const read of READS) {
      const document = parse(read.query);
      const operation = document.definitions[0] as OperationDefinitionNode;
      const fragments = new Map(
        document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])),
      );
      const variables = read.variables(ctx.kommunkod);
      const shape = answerShape(query, operation.selectionSet.selections, fragments, variables);
      if (!shape) return skip('the contract selects an interface or a union here');
      const mismatch = shapeMismatch(dataOf(await ctx.read(read.query, variables), 'a read'), shape);
      if (mismatch) return fail(mismatch);
    }
    return pass();
  },
};
