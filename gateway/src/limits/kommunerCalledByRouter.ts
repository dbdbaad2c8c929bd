import { kommunerCalledBy, type RegistryKommun } from '../kommunRouter';
import type { KommunerCalled } from './priceOperations';

/**
 * How many kommuner a root query field calls, for pricing: the kommun router's own decision
 * (kommunRouter/plan/targets.ts, which its plan and the rate-limit cost read too), so `kommuner`
 * costs the registry's size and `kommunkod`, `kommunkoder` and `lan` what the plan will call.
 * A field of another subgraph calls one.
 */
export function kommunerCalledByRouter(
  kommunRootFields: ReadonlySet<string>,
  kommuner: () => readonly RegistryKommun[],
): KommunerCalled {
  const called: KommunerCalled = (field, variables) =>
    kommunRootFields.has(field.name.value) ? kommunerCalledBy(field, variables as Record<string, unknown>, kommuner()) : 1;
  called.registry = kommuner;
  return called;
}
