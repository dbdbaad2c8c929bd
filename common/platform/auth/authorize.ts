import { forbidden, unauthenticated } from '../errors';
import { canWriteInKommun, describeCaller, hasRole, type Caller, type Roll } from './caller';

/**
 * The subgraphs' own checks. The gateway refuses most unauthorised requests before it calls a
 * subgraph, but a subgraph never relies on that: anything that reaches it with a valid internal
 * token is checked again here, with the data at hand.
 */

/** The caller, or UNAUTHENTICATED when there is none. */
export function requireCaller(caller: Caller | null, what: string): Caller {
  if (!caller) throw unauthenticated(`${what} needs a user: send a bearer token`);
  return caller;
}

/** Writes in a kommun's diarium: its own HANDLAGGARE or ADMIN only. */
export function assertCanWriteInKommun(caller: Caller | null, kommunkod: string, what: string): Caller {
  const user = requireCaller(caller, what);
  if (!canWriteInKommun(user, kommunkod)) {
    throw forbidden(
      `${what} writes in kommun ${kommunkod}; that needs a HANDLAGGARE or ADMIN of kommun ${kommunkod}, and you are ${describeCaller(user)}`,
    );
  }
  return user;
}

/** A role the caller must have, whatever their kommun. */
export function assertRole(caller: Caller | null, roll: Roll, what: string): Caller {
  const user = requireCaller(caller, what);
  if (!hasRole(user, roll)) throw forbidden(`${what} needs the role ${roll}, and you are ${describeCaller(user)}`);
  return user;
}

/** The audit of a kommun's writes: that kommun's ADMIN only. */
export function assertCanReadAudit(caller: Caller | null, kommunkod: string, what: string): Caller {
  const user = requireCaller(caller, what);
  if (user.kommunkod !== kommunkod || !hasRole(user, 'ADMIN')) {
    throw forbidden(`${what} is shown only to an ADMIN of kommun ${kommunkod}, and you are ${describeCaller(user)}`);
  }
  return user;
}
