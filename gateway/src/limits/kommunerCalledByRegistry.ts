import { valueFromASTUntyped } from 'graphql';
import { lanskodOf, type KommunEntry } from '#platform/registry';
import type { KommunerCalled } from './priceOperations';

const asId = (value: unknown) => (typeof value === 'number' ? String(value) : value);

/**
 * How many kommuner a root query field calls, for pricing, read from the registry as the kommun
 * router routes: a field of another subgraph, or one with `kommunkod`, calls one; otherwise the
 * kommuner `kommunkoder` names, of the län `lan` names, or the whole registry. To be replaced by
 * the router's own decision (gateway/src/kommunRouter/targets.ts) where that exists.
 */
export function kommunerCalledByRegistry(
  kommunRootFields: ReadonlySet<string>,
  kommuner: () => readonly Pick<KommunEntry, 'kommunkod' | 'lanskod'>[],
): KommunerCalled {
  return (field, variables) => {
    if (!kommunRootFields.has(field.name.value)) return 1;
    const argument = (name: string) => {
      const found = field.arguments?.find((a) => a.name.value === name);
      return found ? valueFromASTUntyped(found.value, variables) : undefined;
    };
    // Named, even by a variable not given: the kommun router then refuses it, and calls none or one.
    if (field.arguments?.some((a) => a.name.value === 'kommunkod')) return 1;
    const lan = asId(argument('lan'));
    const named = argument('kommunkoder');
    const wanted = Array.isArray(named) ? new Set(named.map(asId)) : null;
    return kommuner().filter(
      (kommun) => (lan == null || lanskodOf(kommun) === lan) && (wanted === null || wanted.has(kommun.kommunkod)),
    ).length;
  };
}
