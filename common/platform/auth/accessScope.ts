import type { Caller, Roll } from './caller';

/** Roles that let a caller read more than the public records: restricted content and the audit log. */
const REVEALING_ROLES: readonly Roll[] = ['HANDLAGGARE', 'ADMIN'];

/** The scope of every caller who sees only public records: anonymous readers, LASARE, SAMORDNARE. */
export const PUBLIC_SCOPE = 'public';

/**
 * What a caller may see, as a key. Two callers with the same scope get the same answer to the same
 * read from any subgraph, so an answer may be shared between them (merged in flight, cached), and
 * never between callers of different scopes. A HANDLAGGARE or ADMIN sees its own kommun's
 * sekretess content (and an ADMIN its audit log), so its scope names the kommun and those roles;
 * nothing a subgraph reads depends on `sub`. A new rule that lets callers see different things
 * must be reflected here.
 */
export function accessScopeOf(caller: Caller | null): string {
  const revealing = caller?.roller.filter((r) => REVEALING_ROLES.includes(r)) ?? [];
  if (!caller || revealing.length === 0) return PUBLIC_SCOPE;
  return `kommun:${caller.kommunkod}:${[...new Set(revealing)].sort().join(',')}`;
}
