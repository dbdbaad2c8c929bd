import {
  Kind,
  getOperationAST,
  print,
  valueFromASTUntyped,
  type ArgumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from 'graphql';
import { ErrorCode } from '#platform/errors';
import { sumShapeOf } from './addUpSums';
import { collectFields, responseKeyOf } from './collectFields';
import type { KommunSchemaInfo } from './kommunSchema';
import { narrowDocument, pickVariables, withArgumentVariable } from './narrowDocument';
import { asId, fieldTargets, type RegistryKommun } from './targets';
import type { FieldRoute, KommunRequest, OperationInput, RoutePlan } from '../types';

/** An operation the router cannot route at all (no operation, a subscription, a mutation without kommunkod). */
export class RoutingError extends Error {}

/** What one kommun is to answer: its root field nodes, and variables to add or replace for it. */
interface KommunShare {
  nodes: FieldNode[];
  variables: Record<string, unknown>;
  /** A node was rewritten to read a fresh variable: the operation must be narrowed for it. */
  rewritten: boolean;
}

/** What the routing rules share while one operation is planned. */
interface Planning {
  operationType: 'query' | 'mutation';
  /** The kommuner of the registry, in its order. */
  kommuner: readonly RegistryKommun[];
  registry: readonly string[];
  known: Set<string>;
  variables: Record<string, unknown>;
  schema: KommunSchemaInfo;
  rootFields: FieldNode[];
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  shares: Map<string, KommunShare>;
  errors: GraphQLFormattedError[];
}

/** A routing rule: decides which kommuner answer one root field, and gives each its share. */
type RoutingRule = (node: FieldNode, index: number, planning: Planning) => FieldRoute;

/**
 * Decides, per root field, which kommuner answer it, one rule per kind of field (see
 * `ruleFor`; which kommuner a root field calls is `fieldTargets`, which the rate-limit cost
 * reads too). Each kommun then gets one request holding just its fields and, for `_entities`,
 * just its representations, with its JSON body ready to send.
 */
export function planOperation(input: OperationInput, kommuner: readonly RegistryKommun[], schema: KommunSchemaInfo): RoutePlan {
  const operation = getOperationAST(input.document, input.operationName);
  if (!operation) throw new RoutingError('The request names no operation the document defines');
  if (operation.operation === 'subscription') throw new RoutingError('Subscriptions are not supported');
  const variables = input.variables ?? {};
  const fragments = new Map(
    input.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const planning: Planning = {
    operationType: operation.operation,
    kommuner,
    registry: kommuner.map((k) => k.kommunkod),
    known: new Set(kommuner.map((k) => k.kommunkod)),
    variables,
    schema,
    rootFields: collectFields(operation.selectionSet.selections, fragments, variables),
    fragments,
    shares: new Map(),
    errors: [],
  };
  const fields = planning.rootFields.map((node, index) => ruleFor(node, planning)(node, index, planning));
  return {
    operationType: planning.operationType,
    fields,
    requests: buildRequests(input, operation, planning),
    errors: planning.errors,
  };
}

function ruleFor(node: FieldNode, planning: Planning): RoutingRule {
  switch (node.name.value) {
    case '__typename':
      return routeTypename;
    case '_service':
      return routeService;
    case '_entities':
      return routeEntities;
  }
  if (planning.operationType === 'mutation') return routeMutation;
  if (planning.schema.sumFieldType(node.name.value)) return routeSum;
  return routeToKommuner;
}

/** `__typename` at the root is answered by the router itself. */
const routeTypename: RoutingRule = (node, _index, planning) => ({
  kind: 'local',
  responseKey: responseKeyOf(node),
  value: planning.operationType === 'query' ? 'Query' : 'Mutation',
});

/** `_service { sdl }` is answered from the kommun schema itself, aliases honoured. */
const routeService: RoutingRule = (node, _index, planning) => {
  const value: Record<string, unknown> = {};
  for (const selection of node.selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    value[responseKeyOf(selection)] = selection.name.value === 'sdl' ? planning.schema.sdl : '_Service';
  }
  return { kind: 'local', responseKey: responseKeyOf(node), value };
};

/** `_entities` is split by each representation's `kommunkod`. */
const routeEntities: RoutingRule = (node, index, planning) => {
  const responseKey = responseKeyOf(node);
  const argument = findArgument(node, 'representations');
  const representations = argument ? valueFromASTUntyped(argument.value, planning.variables) : undefined;
  if (!Array.isArray(representations)) throw new RoutingError('_entities needs a list of representations');
  const indexes = new Map<string, number[]>();
  representations.forEach((representation: { kommunkod?: unknown }, i) => {
    const kommunkod = asId(representation?.kommunkod);
    if (typeof kommunkod === 'string' && planning.known.has(kommunkod)) {
      indexes.set(kommunkod, [...(indexes.get(kommunkod) ?? []), i]);
    } else {
      unknownKommun(planning, kommunkod, [responseKey, i]);
    }
  });
  const targets = planning.registry.filter((k) => indexes.has(k));
  // The usual request (@apollo/gateway) is one _entities field reading one variable: each
  // kommun gets the same text with its own value. Otherwise (several aliased _entities, as
  // Hive Gateway sends, or inline representations) each field reads a fresh variable, so
  // that it gets exactly its kommun's representations.
  const reused = planning.rootFields.length === 1 && argument!.value.kind === Kind.VARIABLE ? argument!.value : null;
  const variableName = reused ? reused.name.value : `__kommunRepresentations${index}`;
  const kommunNode = reused ? node : withArgumentVariable(node, 'representations', variableName);
  for (const kommunkod of targets) {
    const subset = indexes.get(kommunkod)!.map((i) => representations[i]);
    share(planning, kommunkod, kommunNode, { [variableName]: subset }, !reused);
  }
  return { kind: 'entities', responseKey, targets, count: representations.length, indexes };
};

/** A mutation writes in the one kommun its `kommunkod` names. */
const routeMutation: RoutingRule = (node, _index, planning) => {
  if (!findArgument(node, 'kommunkod')) {
    throw new RoutingError(`Mutation ${node.name.value} has no kommunkod argument, so no kommun can be chosen to write in`);
  }
  return sendTo(node, targetsOf(node, planning), planning);
};

/**
 * A root field goes to the kommuner `fieldTargets` decides: with `kommunkod` that kommun alone;
 * a root list to those its `kommunkoder` names, or all; with `lan`, only those of that län: the
 * others are not called at all.
 */
const routeToKommuner: RoutingRule = (node, _index, planning) => sendTo(node, targetsOf(node, planning), planning);

/** A sum goes where a root list goes; the answers are added up by the shape of its selection. */
const routeSum: RoutingRule = (node, _index, planning) => {
  const targets = targetsOf(node, planning);
  for (const kommunkod of targets) share(planning, kommunkod, node);
  const type = planning.schema.sumFieldType(node.name.value)!;
  const shape = sumShapeOf(type, node, planning.schema.summed, planning.fragments, planning.variables);
  return { kind: 'sum', responseKey: responseKeyOf(node), targets, shape };
};

/** The kommuner the field calls (`fieldTargets`); each kommunkod it names that the registry does not hold is an error. */
function targetsOf(node: FieldNode, planning: Planning): string[] {
  const { targets, unknown } = fieldTargets(node, planning.variables, planning.kommuner);
  for (const kommunkod of unknown) unknownKommun(planning, kommunkod, [responseKeyOf(node)]);
  return targets;
}

/** The whole field to each target; a list field's answers are concatenated. */
function sendTo(node: FieldNode, targets: string[], planning: Planning): FieldRoute {
  for (const kommunkod of targets) share(planning, kommunkod, node);
  const kind = planning.schema.isListField(planning.operationType, node.name.value) ? 'list' : 'single';
  return { kind, responseKey: responseKeyOf(node), targets };
}

function share(
  planning: Planning,
  kommunkod: string,
  node: FieldNode,
  variables: Record<string, unknown> = {},
  rewritten = false,
) {
  let entry = planning.shares.get(kommunkod);
  if (!entry) planning.shares.set(kommunkod, (entry = { nodes: [], variables: {}, rewritten: false }));
  entry.nodes.push(node);
  Object.assign(entry.variables, variables);
  entry.rewritten ||= rewritten;
}

function unknownKommun(planning: Planning, kommunkod: unknown, path: (string | number)[]): void {
  planning.errors.push({
    message: `Kommun ${JSON.stringify(kommunkod)} is not in this graph; ask for one of ${planning.registry.join(', ')}`,
    path,
    extensions: { code: ErrorCode.UNKNOWN_KOMMUN, kommunkod },
  });
}

/**
 * One request per kommun with a share, in registry order. A kommun that gets the operation and
 * its variables unchanged gets the text as received, and all such kommuner share one body.
 */
function buildRequests(input: OperationInput, operation: OperationDefinitionNode, planning: Planning): KommunRequest[] {
  let wholeBody: string | undefined;
  const requests: KommunRequest[] = [];
  for (const kommunkod of planning.registry) {
    const entry = planning.shares.get(kommunkod);
    if (!entry) continue;
    const whole = !entry.rewritten && entry.nodes.length === planning.rootFields.length && input.query !== undefined;
    const added = entry.rewritten ? Object.keys(entry.variables) : [];
    const narrowed = whole ? null : narrowDocument(input.document, operation, entry.nodes, added);
    const request = {
      query: narrowed ? print(narrowed.document) : input.query!,
      variables: { ...pickVariables(narrowed?.operation ?? operation, planning.variables), ...entry.variables },
      ...(operation.name ? { operationName: operation.name.value } : {}),
    };
    const identical = whole && Object.keys(entry.variables).length === 0;
    const body = identical ? (wholeBody ??= JSON.stringify(request)) : JSON.stringify(request);
    requests.push({ kommunkod, ...request, operationType: operation.operation === 'mutation' ? 'mutation' : 'query', body });
  }
  return requests;
}

function findArgument(node: FieldNode, name: string): ArgumentNode | undefined {
  return node.arguments?.find((a) => a.name.value === name);
}
