import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import { ErrorCode } from '#platform/errors';
import type { KommunEntry } from '#platform/registry';
import type { KommunAnswer, KommunCall, KommunSender } from '../types';
import { kommunAnswerCacheLookups } from '#platform/telemetry/metrics';
import { noteCacheResult } from '../kommunTelemetry';
import { CachePolicies } from './cacheControl';

/** One kommun's answer as the cache keeps it. */
export interface StoredAnswer {
  /** When the kommun gave it (ms since the epoch). */
  storedAt: number;
  /** Seconds it is fresh; older, it serves only as a stale answer. */
  maxAge: number;
  /** The kommun's generation when it was asked: a write since then makes the entry a miss. */
  generation: number;
  /** Whether it may stand in, stale, for a kommun that is down: public scope, public fields. */
  staleUsable: boolean;
  /**
   * The answer's `{ data, errors }` as JSON. Kept as text and parsed for every caller, because
   * @apollo/gateway merges later fetches into the objects it gets: a shared object would carry
   * one request's data into the next.
   */
  answer: string;
}

interface KeptAnswer {
  data: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** A whole answer to a client, kept above the kommuner's entries (gateway/src/responseCache). */
export interface StoredWholeAnswer {
  /** The answer as sent, serialised. */
  json: string;
  /** Until when it is fresh (ms since the epoch): when the first kommun answer in it runs out. */
  freshUntil: number;
  /** Each kommun it read, and the kommun's generation then: a write since makes it a miss. */
  generations: Record<string, number>;
}

/** Where answers are kept: in memory (memoryStore.ts) or in Redis (redisStore.ts). */
export interface KommunAnswerStore {
  /** The entry under `key` if it is still kept and of the kommun's current generation, and that generation. */
  read(kommunkod: string, key: string): Promise<{ entry?: StoredAnswer; generation: number }>;
  write(kommunkod: string, key: string, entry: StoredAnswer, keepSeconds: number): Promise<void>;
  /** A write went to the kommun: none of its entries may answer again, nor any whole answer that read it. */
  invalidate(kommunkod: string): Promise<void>;
  /** The whole answer under `key` if it is still kept and no kommun it read has had a write since. */
  readWhole(key: string): Promise<StoredWholeAnswer | undefined>;
  writeWhole(key: string, entry: StoredWholeAnswer, keepSeconds: number): Promise<void>;
  close(): Promise<void>;
}

export interface AnswerCacheSettings {
  /** Where answers are kept, and each kommun's generation. */
  store: KommunAnswerStore;
  /** How old a last good answer may be to stand in for a kommun that is down (seconds). */
  staleMaxAgeSeconds: number;
  /** An operator's bound on every hint (seconds). */
  maxAgeCapSeconds?: number;
  now?: () => number;
}

/** How long a whole answer with a stale part in it may be given again (gateway/src/responseCache). */
export const STALE_REPLAY_MS = 1000;

/** Failures a stale answer may cover: the kommun is down, too slow, or a release behind. */
const STALE_COVERS = new Set<string>([ErrorCode.KOMMUN_UNAVAILABLE, ErrorCode.KOMMUN_TIMEOUT, ErrorCode.KOMMUN_INCOMPATIBLE]);

/**
 * The outermost layer of the router's per-kommun send (cache → in-flight deduplication → HTTP):
 * each kommun's answer to a fetch, kept for as
 * long as the kommun schema's `@cacheControl` hints allow, under the kommun, the exact body sent
 * to it and the caller's access scope (`accessScopeOf`). Answers that can carry sekretess
 * content (`scope: PRIVATE` fields) are kept only for the public scope, where the kommun has
 * already withheld that content, never for a caller who may see it. A mutation sent to a kommun
 * invalidates its entries. When a kommun fails, a last good public answer younger than
 * `staleMaxAgeSeconds` stands in, with a KOMMUN_STALE error that says how old it is.
 */
export class KommunAnswerCache implements KommunSender {
  private readonly policies: CachePolicies;
  private readonly store: KommunAnswerStore;
  private readonly now: () => number;

  constructor(
    private readonly inner: KommunSender,
    schema: GraphQLSchema,
    private readonly settings: AnswerCacheSettings,
  ) {
    this.policies = new CachePolicies(schema);
    this.store = settings.store;
    this.now = settings.now ?? Date.now;
  }

  /** Makes every kept answer of the kommun a miss, as a mutation sent to it does. */
  async invalidate(kommunkod: string): Promise<void> {
    await this.store.invalidate(kommunkod).catch(() => undefined);
  }

  /** Answers the call from the cache, or through the next layer (towards the kommun), keeping what may be kept. */
  async send(call: KommunCall): Promise<KommunAnswer> {
    const { kommun, request, scope, recorder } = call;
    const next = () => this.inner.send(call);
    if (request.operationType === 'mutation') {
      recorder?.notKept();
      const answer = await next();
      // Even a failed write may have been made; invalidating costs only misses.
      await this.store.invalidate(kommun.kommunkod).catch(() => undefined);
      return answer;
    }
    const hinted = this.policies.of(request.query);
    const policy = { ...hinted, maxAge: Math.min(hinted.maxAge, this.settings.maxAgeCapSeconds ?? Infinity) };
    if (policy.maxAge <= 0 || !(policy.public || scope === PUBLIC_SCOPE)) {
      recorder?.notKept();
      return next();
    }
    const key = `${scope}\u0000${request.body}`;
    const found = await this.store.read(kommun.kommunkod, key).catch(() => undefined);
    const entry = found?.entry;
    const now = this.now();
    if (found && entry && now - entry.storedAt < entry.maxAge * 1000) {
      counted(kommun.kommunkod, 'hit');
      recorder?.kept(kommun.kommunkod, found.generation, entry.storedAt + entry.maxAge * 1000);
      const { data, errors } = JSON.parse(entry.answer) as KeptAnswer;
      return { kommunkod: kommun.kommunkod, ok: true, data, ...(errors ? { errors } : {}) };
    }
    counted(kommun.kommunkod, 'miss');
    const answer = await next();
    if (answer.ok) {
      if (found && keepable(answer)) {
        const staleUsable = policy.public && scope === PUBLIC_SCOPE;
        const stored: StoredAnswer = {
          storedAt: now,
          maxAge: policy.maxAge,
          generation: found.generation,
          staleUsable,
          answer: JSON.stringify({ data: answer.data ?? null, ...(answer.errors ? { errors: answer.errors } : {}) }),
        };
        const keepSeconds = staleUsable ? Math.max(policy.maxAge, this.settings.staleMaxAgeSeconds) : policy.maxAge;
        await this.store.write(kommun.kommunkod, key, stored, keepSeconds).catch(() => undefined);
        recorder?.kept(kommun.kommunkod, found.generation, now + policy.maxAge * 1000);
      } else {
        recorder?.notKept();
      }
      return answer;
    }
    const ageSeconds = entry ? Math.floor((now - entry.storedAt) / 1000) : Infinity;
    const code = answer.error.extensions?.code as string | undefined;
    if (found && entry?.staleUsable && code && STALE_COVERS.has(code) && ageSeconds <= this.settings.staleMaxAgeSeconds) {
      counted(kommun.kommunkod, 'stale');
      // Asked again within a second at most: the age it tells is that close, and a kommun back up is seen.
      recorder?.kept(kommun.kommunkod, found.generation, now + STALE_REPLAY_MS);
      return staleAnswer(kommun, entry, answer.error, ageSeconds);
    }
    recorder?.notKept();
    return answer;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function counted(kommunkod: string, result: 'hit' | 'miss' | 'stale'): void {
  kommunAnswerCacheLookups.inc({ kommunkod, result });
  noteCacheResult(result);
}

/**
 * Only answers that are the same for every caller of the scope are kept: no errors, or only
 * FORBIDDEN ones (content the scope may not see). A kommun's internal error is never kept.
 */
function keepable(answer: Extract<KommunAnswer, { ok: true }>): boolean {
  return (answer.errors ?? []).every((e) => e.extensions?.code === ErrorCode.FORBIDDEN);
}

function staleAnswer(
  kommun: KommunEntry,
  entry: StoredAnswer,
  failure: GraphQLFormattedError,
  staleSeconds: number,
): KommunAnswer {
  const since = new Date(entry.storedAt).toISOString();
  const reason = failure.message.replace(/; its data is missing from this answer$/, '');
  const { data, errors } = JSON.parse(entry.answer) as KeptAnswer;
  const stale: GraphQLFormattedError = {
    message: `${reason}; its data is its last good answer, from ${since} (${staleSeconds} s old)`,
    extensions: { code: ErrorCode.KOMMUN_STALE, kommunkod: kommun.kommunkod, staleSeconds },
  };
  return { kommunkod: kommun.kommunkod, ok: true, data, errors: [...(errors ?? []), stale] };
}
