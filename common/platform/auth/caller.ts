/** The roles a user can have, as the identity provider issues them in the `roller` claim. */
export const ROLLER = ['LASARE', 'HANDLAGGARE', 'SAMORDNARE', 'ADMIN'] as const;
export type Roll = (typeof ROLLER)[number];

/** Who is asking: a verified user of one kommun with roles. Anonymous callers have none. */
export interface Caller {
  sub: string;
  kommunkod: string;
  roller: Roll[];
}

/** Reads the user claims of a verified token; anything malformed is no caller at all. */
export function callerFromClaims(claims: Record<string, unknown>): Caller | null {
  const { sub, kommunkod, roller } = claims;
  if (typeof sub !== 'string' || typeof kommunkod !== 'string' || !/^\d{4}$/.test(kommunkod) || !Array.isArray(roller)) {
    return null;
  }
  return { sub, kommunkod, roller: roller.filter((r): r is Roll => (ROLLER as readonly string[]).includes(r)) };
}

/** May the caller write in this kommun's diarium? Its own HANDLAGGARE or ADMIN only. */
export function canWriteInKommun(caller: Caller | null, kommunkod: string): boolean {
  return caller !== null && caller.kommunkod === kommunkod && caller.roller.some((r) => r === 'HANDLAGGARE' || r === 'ADMIN');
}

/** May the caller read this kommun's restricted (sekretess) content? The same people. */
export const canReadRestricted = canWriteInKommun;

/** Does the caller have one of these roles? */
export function hasRole(caller: Caller | null, ...roller: Roll[]): boolean {
  return caller !== null && caller.roller.some((r) => roller.includes(r));
}

/** How a caller is named in refusals: roles and kommun, never more. */
export function describeCaller(caller: Caller): string {
  return `${caller.roller.join('/') || 'without roles'} in kommun ${caller.kommunkod}`;
}
