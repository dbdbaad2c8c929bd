import { keyTypes } from '../contract';
import { dataOf, fail, pass, type Rule } from '../kit';
import { sampleKeys } from '../samples';

/** The gateway fetches an entity of another subgraph's answer by its key through `_entities`. */
export const entities: Rule = {
  name: 'entities',
  level: 'MUST',
  description: '`_entities` answers a row of every @key type by its key, with the kommunkod given',
  async check(ctx) {
    const samples = await sampleKeys(ctx);
    const problems: string[] = [];
    const without: string[] = [];
    for (const { type, fields } of keyTypes(ctx.contract)) {
      const key = samples.get(type.name);
      if (!key) {
        without.push(type.name);
        continue;
      }
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} { ${fields.join(' ')} } } }`;
      const data = dataOf(
        await ctx.readAsOfficer(query, { r: [{ __typename: type.name, ...key }] }),
        `_entities for ${type.name} ${JSON.stringify(key)}`,
      );
      const entity = data._entities?.[0];
      const wrong = fields.filter((f) => entity?.[f] !== key[f]);
      if (!entity) problems.push(`${type.name} ${JSON.stringify(key)}: null`);
      else if (wrong.length) problems.push(`${type.name} ${JSON.stringify(key)}: answered ${JSON.stringify(entity)}`);
    }
    if (problems.length) return fail(problems.join('; '));
    return pass(without.length ? `the kommun holds no row of ${without.join(', ')} to ask for` : undefined);
  },
};
