import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { keyTypes } from '../contract';
import { dataOf, fail, pass, type KitContext, type Rule } from '../kit';
import { sampleKeys, type Samples } from '../samples';

type Field = GraphQLField<unknown, unknown>;

/** What to select of a root field's answer to see whose it is: its key, or each row's kommunkod. */
function selectionFor(schema: GraphQLSchema, type: GraphQLNamedType): string {
  if (!isObjectType(type)) return '';
  const key = keyTypes(schema).find((k) => k.type.name === type.name);
  if (key) return `{ ${key.fields.join(' ')} }`;
  const fields = type.getFields();
  const parts = fields.kommunkod ? ['kommunkod'] : [];
  for (const field of Object.values(fields)) {
    const inner = getNamedType(field.type);
    if (field.args.some((a) => isNonNullType(a.type)) || !isListType(getNullableType(field.type)) || !isObjectType(inner))
      continue;
    parts.push(`${field.name} { __typename${inner.getFields().kommunkod ? ' kommunkod' : ''} }`);
  }
  return `{ ${parts.length ? parts.join(' ') : '__typename'} }`;
}

/** Every row in an answer: the list's items, or the items of each list of a summed object. */
function rowsOf(value: unknown): Record<string, unknown>[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  return Object.values(value as Record<string, unknown>).flatMap((v) =>
    Array.isArray(v) ? (v as Record<string, unknown>[]) : [],
  );
}

interface Call {
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /** Whether the field answers one object (by kommunkod) rather than a list or a sum. */
  single: boolean;
  named: GraphQLNamedType;
}

/** The calls that route a root field to one kommun, for `kommunkod` (the one under test or another). */
function callsFor(ctx: KitContext, field: Field, samples: Samples, kommunkod: string): Call[] | string {
  const named = getNamedType(field.type);
  const selection = selectionFor(ctx.contract, named);
  const argNames = new Set(field.args.map((a) => a.name));
  if (argNames.has('kommunkod')) {
    const sample = samples.get(named.name);
    const variables: Record<string, unknown> = { kommunkod };
    const defs: string[] = ['$kommunkod: ID!'];
    for (const arg of field.args) {
      if (arg.name === 'kommunkod' || !isNonNullType(arg.type)) continue;
      if (!sample || sample[arg.name] === undefined) return `no ${named.name} to ask ${field.name} for`;
      variables[arg.name] = sample[arg.name];
      defs.push(`$${arg.name}: ${arg.type.toString()}`);
    }
    const args = Object.keys(variables).map((a) => `${a}: $${a}`);
    return [
      {
        label: `${field.name}(${JSON.stringify(variables)})`,
        query: `query(${defs.join(', ')}) { ${field.name}(${args.join(', ')}) ${selection} }`,
        variables,
        single: true,
        named,
      },
    ];
  }
  const calls: Call[] = [];
  if (argNames.has('kommunkoder')) {
    calls.push({
      label: `${field.name}(kommunkoder: ["${kommunkod}"])`,
      query: `query($k: [ID!]) { ${field.name}(kommunkoder: $k) ${selection} }`,
      variables: { k: [kommunkod] },
      single: false,
      named,
    });
  }
  if (argNames.has('lan')) {
    calls.push({
      label: `${field.name}(lan: "${kommunkod.slice(0, 2)}")`,
      query: `query($l: ID) { ${field.name}(lan: $l) ${selection} }`,
      variables: { l: kommunkod.slice(0, 2) },
      single: false,
      named,
    });
  }
  return calls;
}

function rootFields(ctx: KitContext): Field[] {
  return Object.values(ctx.contract.getQueryType()!.getFields()).filter((f) => !f.name.startsWith('_'));
}

/** A root field routed to this kommun answers for it; the router trusts the kommun's answer. */
export const routingOwnKommun: Rule = {
  name: 'routing-own-kommun',
  level: 'MUST',
  description: 'every root field answers for its own kommunkod (kommunkod, kommunkoder, lan)',
  async check(ctx) {
    const samples = await sampleKeys(ctx);
    const problems: string[] = [];
    const notes: string[] = [];
    for (const field of rootFields(ctx)) {
      const calls = callsFor(ctx, field, samples, ctx.kommunkod);
      if (typeof calls === 'string') {
        notes.push(calls);
        continue;
      }
      for (const call of calls) {
        const value = dataOf(await ctx.readAsOfficer(call.query, call.variables), call.label)[field.name];
        if (call.single) {
          if (value === null || value === undefined) problems.push(`${call.label}: null`);
          else if ('kommunkod' in value && value.kommunkod !== ctx.kommunkod)
            problems.push(`${call.label}: kommunkod ${value.kommunkod}`);
          continue;
        }
        const rows = rowsOf(value);
        const foreign = rows.filter((r) => 'kommunkod' in r && r.kommunkod !== ctx.kommunkod);
        if (foreign.length) problems.push(`${call.label}: rows of kommunkod ${String(foreign[0].kommunkod)}`);
        const isKommun = keyTypes(ctx.contract).some((k) => k.type.name === call.named.name && k.fields.join() === 'kommunkod');
        if (isKommun && !rows.some((r) => r.kommunkod === ctx.kommunkod))
          problems.push(`${call.label}: its own kommun is missing`);
      }
    }
    return problems.length ? fail(problems.join('; ')) : pass(notes.length ? notes.join('; ') : undefined);
  },
};

/**
 * A request that reaches the wrong kommun (a router's mistake, a stale registry) answers
 * nothing rather than its own data under another kommun's name.
 */
export const routingOtherKommun: Rule = {
  name: 'routing-other-kommun',
  level: 'MUST',
  description: 'root fields and `_entities` answer nothing for another kommunkod',
  async check(ctx) {
    const samples = await sampleKeys(ctx);
    const problems: string[] = [];
    for (const field of rootFields(ctx)) {
      const calls = callsFor(ctx, field, samples, ctx.otherKommunkod);
      if (typeof calls === 'string') continue;
      for (const call of calls) {
        const value = dataOf(await ctx.readAsOfficer(call.query, call.variables), call.label)[field.name];
        if (call.single ? value !== null : rowsOf(value).length > 0)
          problems.push(`${call.label}: answered ${JSON.stringify(value).slice(0, 120)}`);
      }
    }
    for (const { type, fields } of keyTypes(ctx.contract)) {
      const key = samples.get(type.name);
      if (!key) continue;
      const representation = { __typename: type.name, ...key, kommunkod: ctx.otherKommunkod };
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type.name} { ${fields.join(' ')} } } }`;
      const answer = await ctx.readAsOfficer(query, { r: [representation] });
      const entity = answer.data?._entities?.[0];
      if (entity) problems.push(`_entities ${JSON.stringify(representation)}: answered ${JSON.stringify(entity)}`);
    }
    return problems.length ? fail(problems.join('; ')) : pass();
  },
};
