import {
  Kind,
  getOperationAST,
  print,
  valueFromASTUntyped,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { ErrorCode } from '#platform/errors';
import type { KommunSchemaInfo } from './kommunSchema';

/** How one root field of the operation is answered. */
export type FieldRoute =
  | { kind: 'local'; responseKey: string; value: unknown }
  /** Answered by exactly the `targets`; a single object takes the first non-null answer. */
  | { kind: 'single'; responseKey: string; targets: string[] }
  /** A list: the targets' lists concatenated in registry order. */
  | { kind: 'list'; responseKey: string; targets: string[] }
  /** `_entities`: each kommun gets its own representations; answers go back to their indexes. */
  | { kind: 'entities'; responseKey: string; targets: string[]; count: number; indexes: Map<string, number[]> };

/** One request to one kommun instance. */
export interface KommunRequest {
  kommunkod: string;
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  /** The same object for every request of a fan-out whose query and variables are identical. */
  shared?: object;
}

export interface RoutePlan {
  operationType: 'query' | 'mutation';
  fields: FieldRoute[];
  requests: KommunRequest[];
  /** Refusals found while routing (unknown kommunkod), with paths into the answer. */
  errors: GraphQLFormattedError[];
}

export interface OperationInput {
  document: DocumentNode;
  /** The operation text as received; sent on unchanged when a kommun gets all of it. */
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export class RoutingError extends Error {}

/**
 * Decides, per root field, which kommuner answer it (README, "How it fits together"):
 * `_entities` is split by each representation's `kommunkod`; a field with `kommunkod` goes to
 * that kommun; one with `kommunkoder` to those, else to all. Each kommun then gets one request
 * holding just its fields and, for `_entities`, just its representations.
 */
export function routeOperation(input: OperationInput, registry: readonly string[], schema: KommunSchemaInfo): RoutePlan {
  const operation = getOperationAST(input.document, input.operationName);
  if (!operation) throw new RoutingError('The request names no operation the document defines');
  if (operation.operation === 'subscription') throw new RoutingError('Subscriptions are not supported');
  const operationType = operation.operation;
  const variables = input.variables ?? {};
  const fragments = new Map(
    input.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const known = new Set(registry);
  const errors: GraphQLFormattedError[] = [];
  const rootFields = collectRootFields(operation.selectionSet.selections, fragments, variables);

  const fields: FieldRoute[] = [];
  // Per kommun: the root field nodes it answers, and variables to add or replace for it.
  const perKommun = new Map<string, { nodes: FieldNode[]; variables: Record<string, unknown>; rewritten: boolean }>();
  const assign = (kommunkod: string, node: FieldNode, extraVariables: Record<string, unknown> = {}, rewritten = false) => {
    let entry = perKommun.get(kommunkod);
    if (!entry) perKommun.set(kommunkod, (entry = { nodes: [], variables: {}, rewritten: false }));
    entry.nodes.push(node);
    Object.assign(entry.variables, extraVariables);
    entry.rewritten ||= rewritten;
  };
  const unknownKommun = (kommunkod: unknown, path: (string | number)[]) =>
    errors.push({
      message: `Kommun ${JSON.stringify(kommunkod)} is not in this graph; ask for one of ${registry.join(', ')}`,
      path,
      extensions: { code: ErrorCode.UNKNOWN_KOMMUN, kommunkod },
    });

  for (const [index, node] of rootFields.entries()) {
    const responseKey = node.alias?.value ?? node.name.value;
    const name = node.name.value;
    if (name === '__typename') {
      fields.push({ kind: 'local', responseKey, value: operationType === 'query' ? 'Query' : 'Mutation' });
      continue;
    }
    if (name === '_service') {
      fields.push({ kind: 'local', responseKey, value: serviceValue(node, schema.sdl) });
      continue;
    }
    if (name === '_entities') {
      const argument = findArgument(node, 'representations');
      const representations = argument ? valueFromASTUntyped(argument.value, variables) : undefined;
      if (!Array.isArray(representations)) throw new RoutingError('_entities needs a list of representations');
      const indexes = new Map<string, number[]>();
      representations.forEach((representation: { kommunkod?: unknown }, i) => {
        const kommunkod = asId(representation?.kommunkod);
        if (typeof kommunkod === 'string' && known.has(kommunkod)) {
          indexes.set(kommunkod, [...(indexes.get(kommunkod) ?? []), i]);
        } else {
          unknownKommun(kommunkod, [responseKey, i]);
        }
      });
      const targets = registry.filter((k) => indexes.has(k));
      // The usual request (@apollo/gateway) is one _entities field reading one variable: each
      // kommun gets the same text with its own value. Otherwise (several aliased _entities, as
      // Hive Gateway sends, or inline representations) each field reads a fresh variable, so
      // that it gets exactly its kommun's representations.
      const reuseVariable = rootFields.length === 1 && argument!.value.kind === Kind.VARIABLE;
      const variableName = reuseVariable
        ? (argument!.value as { name: { value: string } }).name.value
        : `__kommunRepresentations${index}`;
      const kommunNode = reuseVariable ? node : withArgumentVariable(node, 'representations', variableName);
      for (const kommunkod of targets) {
        const subset = indexes.get(kommunkod)!.map((i) => representations[i]);
        assign(kommunkod, kommunNode, { [variableName]: subset }, !reuseVariable);
      }
      fields.push({ kind: 'entities', responseKey, targets, count: representations.length, indexes });
      continue;
    }

    const kommunkodArg = findArgument(node, 'kommunkod');
    const kommunkoderArg = findArgument(node, 'kommunkoder');
    let targets: string[];
    if (kommunkodArg) {
      const kommunkod = asId(valueFromASTUntyped(kommunkodArg.value, variables));
      if (typeof kommunkod === 'string' && known.has(kommunkod)) {
        targets = [kommunkod];
      } else {
        unknownKommun(kommunkod, [responseKey]);
        targets = [];
      }
    } else if (kommunkoderArg && valueFromASTUntyped(kommunkoderArg.value, variables) != null) {
      const wanted = (valueFromASTUntyped(kommunkoderArg.value, variables) as unknown[]).map(asId);
      for (const kommunkod of wanted) if (!known.has(kommunkod as string)) unknownKommun(kommunkod, [responseKey]);
      targets = registry.filter((k) => wanted.includes(k));
    } else if (operationType === 'mutation') {
      throw new RoutingError(`Mutation ${name} has no kommunkod argument, so no kommun can be chosen to write in`);
    } else {
      targets = [...registry];
    }
    for (const kommunkod of targets) assign(kommunkod, node);
    fields.push({ kind: schema.isListField(operationType, name) ? 'list' : 'single', responseKey, targets });
  }

  const requests: KommunRequest[] = [];
  // Requests that carry the whole operation and variables unchanged are identical but for the
  // kommun (not so an _entities request: each kommun gets its own representations).
  const wholeOperation = {};
  for (const kommunkod of registry) {
    const entry = perKommun.get(kommunkod);
    if (!entry) continue;
    const whole = !entry.rewritten && entry.nodes.length === rootFields.length && input.query !== undefined;
    const added = entry.rewritten ? Object.keys(entry.variables) : [];
    const narrowed = whole ? null : narrowDocument(input.document, operation, entry.nodes, added);
    requests.push({
      kommunkod,
      query: narrowed ? print(narrowed.document) : input.query!,
      ...(operation.name ? { operationName: operation.name.value } : {}),
      variables: { ...pickVariables(narrowed?.operation ?? operation, variables), ...entry.variables },
      ...(whole && Object.keys(entry.variables).length === 0 ? { shared: wholeOperation } : {}),
    });
  }
  return { operationType, fields, requests, errors };
}

/** An ID may arrive as an Int literal (`kommunkod: 2262`); it means the same as "2262". */
function asId(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

/** The root fields in order, with root-level fragments flattened and @skip/@include applied. */
function collectRootFields(
  selections: readonly SelectionNode[],
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selections) {
    if (!isIncluded(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...collectRootFields(selection.selectionSet.selections, fragments, variables));
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) fields.push(...collectRootFields(fragment.selectionSet.selections, fragments, variables));
    }
  }
  return fields;
}

function isIncluded(selection: SelectionNode, variables: Record<string, unknown>): boolean {
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const ifArgument = directive.arguments?.find((a) => a.name.value === 'if');
    const value = ifArgument ? valueFromASTUntyped(ifArgument.value, variables) : undefined;
    if (name === 'skip' && value === true) return false;
    if (name === 'include' && value === false) return false;
  }
  return true;
}

function findArgument(node: FieldNode, name: string): ArgumentNode | undefined {
  return node.arguments?.find((a) => a.name.value === name);
}

function withArgumentVariable(node: FieldNode, argument: string, variableName: string): FieldNode {
  return {
    ...node,
    arguments: (node.arguments ?? []).map((a) =>
      a.name.value === argument ? { ...a, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variableName } } } : a,
    ),
  };
}

/** `_service { sdl }` answered from the kommun schema itself, aliases honoured. */
function serviceValue(node: FieldNode, sdl: string): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const selection of node.selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = selection.alias?.value ?? selection.name.value;
    value[key] = selection.name.value === 'sdl' ? sdl : '_Service';
  }
  return value;
}

/**
 * The operation reduced to `nodes` at its root, with the fresh representation variables
 * declared and unused variables and fragments dropped, so that it stays valid GraphQL.
 */
function narrowDocument(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  nodes: FieldNode[],
  addedVariables: string[],
): { document: DocumentNode; operation: OperationDefinitionNode } {
  const added: VariableDefinitionNode[] = addedVariables.map((name) => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
    type: {
      kind: Kind.NON_NULL_TYPE,
      type: {
        kind: Kind.LIST_TYPE,
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } },
      },
    },
  }));
  const body = { kind: Kind.SELECTION_SET, selections: nodes } as const;
  const usedFragments = new Set<string>();
  const usedVariableNames = new Set<string>();
  const collect = (root: object) =>
    visit(root as DocumentNode, {
      FragmentSpread: (spread) => void usedFragments.add(spread.name.value),
      Variable: (variable) => void usedVariableNames.add(variable.name.value),
    });
  collect(body);
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  // Fragments can use fragments: grow the used set until it stops changing.
  let size = -1;
  while (size !== usedFragments.size) {
    size = usedFragments.size;
    for (const fragment of fragments) if (usedFragments.has(fragment.name.value)) collect(fragment.selectionSet);
  }
  const narrowed: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((v) => usedVariableNames.has(v.variable.name.value)),
      ...added,
    ],
    selectionSet: body,
  };
  return {
    operation: narrowed,
    document: { kind: Kind.DOCUMENT, definitions: [narrowed, ...fragments.filter((f) => usedFragments.has(f.name.value))] },
  };
}

/** The values of the declared variables; a kommun is not sent variables its operation does not declare. */
function pickVariables(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (name in variables) result[name] = variables[name];
  }
  return result;
}
