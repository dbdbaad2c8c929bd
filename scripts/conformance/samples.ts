import type { KitContext } from './kit';
import { dataOf } from './kit';
import { keyTypes, listOf } from './contract';

/** One row's key of each entity type the kommun holds (typename → representation without __typename). */
export type Samples = Map<string, Record<string, unknown>>;

/**
 * Reads one row of every entity type from the kommun's own lists, as a reader who may see
 * everything of the kommun: the keys the entity and routing rules ask for. A type the kommun
 * holds no row of is left out, and the rules say so.
 */
export async function sampleKeys(ctx: KitContext): Promise<Samples> {
  const samples: Samples = new Map();
  for (const { type, fields } of keyTypes(ctx.contract)) {
    if (fields.length === 1 && fields[0] === 'kommunkod') {
      samples.set(type.name, { kommunkod: ctx.kommunkod });
      continue;
    }
    const list = listOf(ctx.contract, type.name);
    if (!list) continue;
    const selection = fields.join(' ');
    const query = `query($k: ID!) { kommun(kommunkod: $k) { ${list.field}${list.viaNodes ? `(first: 1) { nodes { ${selection} } }` : ` { ${selection} }`} } }`;
    const data = dataOf(
      await ctx.readAsOfficer(query, { k: ctx.kommunkod }),
      `listing ${type.name} through Kommun.${list.field}`,
    );
    const value = data.kommun?.[list.field];
    const first = (list.viaNodes ? value?.nodes : value)?.[0];
    if (first) samples.set(type.name, Object.fromEntries(fields.map((f) => [f, first[f]])));
  }
  return samples;
}
