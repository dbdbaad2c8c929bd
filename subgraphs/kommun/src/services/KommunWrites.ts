import { assertCanWriteInKommun } from '#platform/auth/authorize';
import type { Caller } from '#platform/auth/caller';
import type { Db } from '#platform/database/requestDb';
import { badUserInput } from '#platform/errors';
import type { Repositories } from '../repositories';

/**
 * A write names its kommun; the router sends it to that kommun's instance. An instance never
 * writes for another kommun, even if a request reaches it by mistake.
 */
export function assertOwnKommun(kommunkod: string, own: string): void {
  if (kommunkod !== own) {
    throw badUserInput(
      `This service keeps the diarium of kommun ${own}, not ${kommunkod}; send the write to kommun ${kommunkod}.`,
      'kommunkod',
    );
  }
}

/**
 * Who may write here, checked before anything else: a HANDLAGGARE or ADMIN of this instance's
 * own kommun (UNAUTHENTICATED without a user, FORBIDDEN for anyone else), whatever the gateway
 * let through. Then that the write is meant for this kommun. Returns the writer, for the audit.
 */
export function authorizeWrite(caller: Caller | null, kommunkod: string, own: string, what: string): Caller {
  const user = assertCanWriteInKommun(caller, own, what);
  assertOwnKommun(kommunkod, own);
  return user;
}

/** What each write service of a kommun instance works with: one request's database and caller. */
export abstract class KommunWriteService {
  constructor(
    protected readonly db: Db,
    protected readonly repos: Repositories,
    /** The kommun this instance serves. */
    protected readonly kommunkod: string,
    protected readonly caller: Caller | null,
  ) {}

  /** `authorizeWrite` for this instance: the writer of `what` in `kommunkod`, or a refusal. */
  protected authorize(kommunkod: string, what: string): Caller {
    return authorizeWrite(this.caller, kommunkod, this.kommunkod, what);
  }
}
