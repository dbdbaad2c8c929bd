import { valueFromASTUntyped, type FieldNode } from 'graphql';
import { lanskodOf, type KommunEntry } from '#platform/registry';

/**
 * The arguments by which a root field of the kommun subgraph chooses its kommuner. The schema
 * check (routingRules.ts) demands them of the schema by these names.
 */
export const ROUTING_ARGUMENTS = { kommunkod: 'kommunkod', kommunkoder: 'kommunkoder', lan: 'lan' } as const;

/** What the decision reads of a registry entry. */
export type RegistryKommun = Pick<KommunEntry, 'kommunkod' | 'lanskod'>;

/** The kommuner one root field calls, and what it names that the registry does not hold. */
export interface FieldTargets {
  /** Kommunkoder in registry order. */
  targets: string[];
  /** Kommunkoder the field names that are not in the registry (each an UNKNOWN_KOMMUN error). */
  unknown: unknown[];
}

/**
 * The one decision of which kommuner a root field of the kommun subgraph calls, read by the
 * router's plan, the rate-limit cost and the query limits alike: with `kommunkod`, that kommun
 * alone (none when the registry does not hold it); otherwise those its `kommunkoder` names, or
 * all when it is absent, narrowed to the län `lan` names (its SCB code) when given.
 * `_entities` is not decided here: its kommuner come from its representations.
 */
export function fieldTargets(
  node: FieldNode,
  variables: Record<string, unknown>,
  registry: readonly RegistryKommun[],
): FieldTargets {
  if (hasArgument(node, ROUTING_ARGUMENTS.kommunkod)) {
    const kommunkod = asId(argumentValue(node, ROUTING_ARGUMENTS.kommunkod, variables));
    return registry.some((k) => k.kommunkod === kommunkod)
      ? { targets: [kommunkod as string], unknown: [] }
      : { targets: [], unknown: [kommunkod] };
  }
  const lan = asId(argumentValue(node, ROUTING_ARGUMENTS.lan, variables));
  const inLan = lan == null ? registry : registry.filter((k) => lanskodOf(k) === lan);
  const named = argumentValue(node, ROUTING_ARGUMENTS.kommunkoder, variables);
  if (named == null) return { targets: inLan.map((k) => k.kommunkod), unknown: [] };
  // GraphQL coerces a single value given for a list into a list of one.
  const wanted = (Array.isArray(named) ? named : [named]).map(asId);
  const known = new Set(registry.map((k) => k.kommunkod));
  const wantedSet = new Set(wanted);
  return {
    targets: inLan.filter((k) => wantedSet.has(k.kommunkod)).map((k) => k.kommunkod),
    unknown: wanted.filter((kommunkod) => !known.has(kommunkod as string)),
  };
}

/**
 * How many kommuner a root field of the kommun subgraph calls (see `fieldTargets`): for a
 * price that follows the plan (`kommuner` over all of Sweden calls 290).
 */
export function kommunerCalledBy(
  node: FieldNode,
  variables: Record<string, unknown>,
  registry: readonly RegistryKommun[],
): number {
  return fieldTargets(node, variables, registry).targets.length;
}

/** An ID may arrive as an Int literal (`kommunkod: 2262`); it means the same as "2262". */
export function asId(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

function hasArgument(node: FieldNode, name: string): boolean {
  return node.arguments?.some((a) => a.name.value === name) ?? false;
}

function argumentValue(node: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const argument = node.arguments?.find((a) => a.name.value === name);
  return argument ? valueFromASTUntyped(argument.value, variables) : undefined;
}
