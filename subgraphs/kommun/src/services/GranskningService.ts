import { assertCanReadAudit } from '#platform/auth/authorize';
import type { Caller } from '#platform/auth/caller';
import { badUserInput } from '#platform/errors';
import type { Granskningspost } from '#subgraph-kit/granskningslogg';
import type { Repositories } from '../repositories';

const MAX_POSTS = 500;

/** Reading the audit of writes: the kommun's own ADMIN only. */
export class GranskningService {
  constructor(
    private readonly repos: Repositories,
    private readonly kommunkod: string,
    private readonly caller: Caller | null,
  ) {}

  async senaste(first: number): Promise<Granskningspost[]> {
    assertCanReadAudit(this.caller, this.kommunkod, `The granskningslogg of kommun ${this.kommunkod}`);
    if (!Number.isInteger(first) || first < 1 || first > MAX_POSTS) {
      throw badUserInput(`first must be between 1 and ${MAX_POSTS}, got ${first}`, 'first');
    }
    return this.repos.granskning.senaste(first);
  }
}
