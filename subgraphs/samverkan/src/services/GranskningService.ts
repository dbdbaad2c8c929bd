import { assertRole } from '#platform/auth/authorize';
import type { Caller } from '#platform/auth/caller';
import type { Granskningspost } from '#subgraph-kit/granskningslogg';
import { badUserInput } from '#platform/errors';
import type { Repositories } from '../repositories';

const MAX_POSTS = 500;

/**
 * Reading the audit of the samverkan writes: an ADMIN, who sees the writes in the collaborations
 * their own kommun has joined (ANSLUTEN), whoever made them. Row-level security draws that line.
 */
export class GranskningService {
  constructor(
    private readonly repos: Repositories,
    private readonly caller: Caller | null,
  ) {}

  async senaste(first: number): Promise<Granskningspost[]> {
    assertRole(this.caller, 'ADMIN', 'The granskningslogg of the collaborations');
    if (!Number.isInteger(first) || first < 1 || first > MAX_POSTS) {
      throw badUserInput(`first must be between 1 and ${MAX_POSTS}, got ${first}`, 'first');
    }
    return this.repos.granskning.senaste(first);
  }
}
