import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { ErrorCode } from '#platform/errors';
import type { QueryLimits } from './queryLimits';

/**
 * How many kommuner a root field of the query type calls (1 for a field no kommun answers).
 * `registry`, where given, is what the count depends on besides the field and the variables it
 * reads (the registry in force): while it stays the same object, prices may be kept (./keptPrices.ts).
 */
export type KommunerCalled = ((field: FieldNode, variables: Readonly<Record<string, unknown>>) => number) & {
  registry?: () => object;
};

export interface PricingOptions {
  schema: GraphQLSchema;
  limits: QueryLimits;
  variables: Readonly<Record<string, unknown>>;
  kommunerCalled: KommunerCalled;
}

/** The first limit a document passes, or the cost of its dearest operation. */
export type Price = { refusal: GraphQLError; cost?: undefined } | { refusal: null; cost: number };

/** What a selection set adds up to; a fragment's is computed once per document and reused at every spread. */
interface Totals {
  cost: number;
  fields: number;
}

const none = (): Totals => ({ cost: 0, fields: 0 });

/** A root list of this type has one item per kommun called: each kommun answers for itself. */
const KOMMUN_TYPE = 'Kommun';

class Refusal {
  constructor(readonly error: GraphQLError) {}
}

/**
 * Prices every operation of a parsed document in time linear in its size, and returns the first
 * limit it passes as a coded error, or the cost of its dearest operation. Each fragment is priced once and
 * its totals reused wherever it is spread, so a chain of fragments that spread the next one
 * twice costs its length to price, not 2^length; every field costs at least 1, so such a chain
 * is priced at what it would expand to; the walk stops the moment a limit is passed. Lists
 * multiply by `first` (written, or the variable's value), else by the limits' assumed size; a
 * root field the kommun router fans out by the kommuner it calls. `@skip`/`@include` are priced
 * as included. Fragment cycles are left to graphql-js's validation (NoFragmentCycles). Depth,
 * aliases and directives are GraphQL Armor's (./armorRefusal.ts), which runs first: the walk
 * recurses only as deep as that lets a document nest.
 */
export function priceOperations(document: DocumentNode, options: PricingOptions): Price {
  const { schema, limits, variables, kommunerCalled } = options;
  const fragments = new Map<string, FragmentDefinitionNode>();
  const defaults = new Map<string, ValueNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      for (const variable of definition.variableDefinitions ?? []) {
        if (variable.defaultValue) defaults.set(variable.variable.name.value, variable.defaultValue);
      }
    }
  }
  const queryType = schema.getQueryType();
  const fieldsOf = (type: GraphQLNamedType | null | undefined) =>
    type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
  const priced = new Map<string, Totals | 'pricing'>();

  const check = (totals: Totals) => {
    const refuse = (message: string, code: ErrorCode) => {
      throw new Refusal(new GraphQLError(message, { extensions: { code } }));
    };
    if (totals.fields > limits.maxFields)
      refuse(
        `The operation selects more than ${limits.maxFields} fields once its fragments are spread; at most ${limits.maxFields} are allowed.`,
        ErrorCode.QUERY_TOO_COMPLEX,
      );
    if (totals.cost > limits.maxCost)
      refuse(
        `The operation could resolve more than ${limits.maxCost} objects; at most ${limits.maxCost} are allowed. Ask for fewer items (first), fewer kommuner or less nesting.`,
        ErrorCode.QUERY_TOO_COMPLEX,
      );
  };

  /** An argument's value, written or as a variable (the request's value, else the variable's default). */
  const argumentOf = (field: FieldNode, name: string): unknown => {
    const value = field.arguments?.find((a) => a.name.value === name)?.value;
    if (!value) return undefined;
    if (value.kind !== Kind.VARIABLE) return valueFromASTUntyped(value);
    const given = variables[value.name.value];
    const fallback = defaults.get(value.name.value);
    return given ?? (fallback ? valueFromASTUntyped(fallback) : undefined);
  };
  /**
   * The items a list field asks for: `first`, or one per entity representation (`_entities`, a
   * peer gateway's fetch from the standalone kommun router); at least 1, so that a `first: 0`
   * does not hide what is under it.
   */
  const sizeOf = (field: FieldNode): number | undefined => {
    const first = argumentOf(field, 'first');
    if (first != null) return Number.isFinite(Number(first)) ? Math.max(1, Number(first)) : 1;
    const representations = argumentOf(field, 'representations');
    return Array.isArray(representations) ? Math.max(1, representations.length) : undefined;
  };

  const add = (totals: Totals, inner: Totals, multiplier: number) => {
    totals.cost += multiplier * inner.cost;
    totals.fields += inner.fields;
  };

  /** `page`: the `first` of the connection this is the selection set of, the size of the lists right inside it (`arenden(first: 20) { nodes }`). */
  const measure = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
    introspection: boolean,
    page: number | undefined,
  ): Totals => {
    const totals = none();
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field = fieldsOf(parent)[name];
        const inIntrospection = introspection || name === '__schema' || name === '__type';
        let multiplier = 1;
        let innerPage: number | undefined;
        if (!inIntrospection && field) {
          const first = sizeOf(selection);
          const atRoot = parent === queryType;
          const called = atRoot ? Math.max(1, kommunerCalled(selection, variables)) : 1;
          let perCall = 1;
          if (!isListType(getNullableType(field.type))) innerPage = first;
          else if (!selection.selectionSet)
            perCall = 1; // A list of scalars is one value.
          else if (atRoot && getNamedType(field.type).name === KOMMUN_TYPE) perCall = 1;
          else perCall = first ?? page ?? limits.assumedListSize;
          multiplier = perCall * called;
        }
        const inner = selection.selectionSet
          ? measure(selection.selectionSet, field ? getNamedType(field.type) : null, inIntrospection, innerPage)
          : none();
        totals.fields += 1;
        totals.cost += multiplier;
        add(totals, inner, multiplier);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(totals, measure(selection.selectionSet, type, introspection, page), 1);
      } else {
        add(totals, fragment(selection.name.value, introspection, page), 1);
      }
      check(totals);
    }
    return totals;
  };

  /** A fragment's totals, priced once per page it is spread under (almost always once). */
  const fragment = (name: string, introspection: boolean, page: number | undefined): Totals => {
    const key = `${name}:${page ?? ''}:${introspection}`;
    const known = priced.get(key);
    if (known === 'pricing') return none(); // A cycle: graphql-js refuses it.
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition) return none(); // Unknown: graphql-js refuses it.
    priced.set(key, 'pricing');
    const totals = measure(definition.selectionSet, schema.getType(definition.typeCondition.name.value), introspection, page);
    priced.set(key, totals);
    return totals;
  };

  let cost = 0;
  try {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const root =
        definition.operation === 'mutation'
          ? schema.getMutationType()
          : definition.operation === 'subscription'
            ? schema.getSubscriptionType()
            : queryType;
      const totals = measure(definition.selectionSet, root, false, undefined);
      check(totals);
      cost = Math.max(cost, totals.cost);
    }
    return { refusal: null, cost };
  } catch (error) {
    if (error instanceof Refusal) return { refusal: error.error };
    throw error;
  }
}
