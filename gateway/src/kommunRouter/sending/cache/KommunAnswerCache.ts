import type { GraphQLFormattedError } from 'graphql';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import { ErrorCode } from '#platform/errors';
import type { KommunEntry } from '#platform/registry';
import type { KommunAnswer, KommunCall, KommunSender } from '../../types';
import { kommunAnswerCacheLookups } from '#platform/telemetry/metrics';
import { noteCacheResult } from '../kommunTelemetry';
import type { CachePolicies } from './cacheControl';

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
  /**
   * Whether an invalidation that resolves has reached every replica that reads this store (Redis),
   * not only this process (memory). Only such a store keeps answers that can hold content a
   * restriction hides.
   */
  readonly sharedInvalidation: boolean;
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
  /** Waits between two tries of an invalidation that failed (ms); tests shorten it. */
  retryDelayMs?: number;
}

/**
 * The longest an answer that can hold restrictable content (a public-scope answer with
 * `scope: PRIVATE` fields) is fresh, whatever the hints: how long a write whose invalidation
 * fails waits before it answers.
 */
export const RESTRICTABLE_MAX_AGE_SECONDS = 30;

/** Between two tries of an invalidation that failed. */
const RETRY_DELAY_MS = 250;

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
 * already withheld that content, never for a caller who may see it; and only in a store whose
 * invalidation reaches every replica (Redis), for at most RESTRICTABLE_MAX_AGE_SECONDS, because
 * a write may restrict what they hold. A mutation sent to a kommun invalidates its entries
 * before it answers; where that fails, it answers only once every such answer has run out.
 * When a kommun fails, a last good public answer younger than `staleMaxAgeSeconds` stands in,
 * with a KOMMUN_STALE error that says how old it is.
 */
export class KommunAnswerCache implements KommunSender {
  private readonly store: KommunAnswerStore;
  private readonly now: () => number;

  constructor(
    private readonly inner: KommunSender,
    /** The kommun schema's cache hints (shared with the in-flight deduplication below). */
    private readonly policies: CachePolicies,
    private readonly settings: AnswerCacheSettings,
  ) {
    this.store = settings.store;
    this.now = settings.now ?? Date.now;
  }

  /**
   * Makes every kept answer of the kommun a miss, as a mutation sent to it does; resolves once no
   * replica can give one. Where the store does not take the invalidation (Redis down, slow or
   * refusing), it tries again until the answers that a restriction could concern have run out
   * by themselves: whoever wrote hears back only when none is given any more.
   */
  async invalidate(kommunkod: string): Promise<void> {
    if (!this.store.sharedInvalidation) return this.store.invalidate(kommunkod);
    // Every restrictable answer kept before now, or fetched before now and kept later, runs out by then.
    const safeAt = this.now() + this.restrictableMaxAge() * 1000;
    for (;;) {
      try {
        return await this.store.invalidate(kommunkod);
      } catch {
        const wait = Math.min(this.settings.retryDelayMs ?? RETRY_DELAY_MS, safeAt - this.now());
        if (wait <= 0) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Answers the call from the cache, or through the next layer (towards the kommun), keeping what may be kept. */
  async send(call: KommunCall): Promise<KommunAnswer> {
    const { kommun, request, scope, recorder } = call;
    // The generation a read was looked up under: reads merge in flight only within one generation.
    const next = (generation?: number) => this.inner.send(generation === undefined ? call : { ...call, generation });
    if (request.operationType === 'mutation') {
      recorder?.notKept();
      const answer = await next();
      // Even a failed write may have been made; invalidating costs only misses.
      await this.invalidate(kommun.kommunkod);
      return answer;
    }
    const hinted = this.policies.of(request.query);
    const cap = Math.min(this.settings.maxAgeCapSeconds ?? Infinity, hinted.public ? Infinity : RESTRICTABLE_MAX_AGE_SECONDS);
    const policy = { ...hinted, maxAge: Math.min(hinted.maxAge, cap) };
    // Content a restriction can hide is shared only where a write's invalidation reaches every replica.
    const keepable = policy.public || (scope === PUBLIC_SCOPE && this.store.sharedInvalidation);
    if (policy.maxAge <= 0 || !keepable) {
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
    const answer = await next(found?.generation);
    if (answer.ok) {
      if (found && sameForTheScope(answer)) {
        const staleUsable = policy.public && scope === PUBLIC_SCOPE;
        const stored: StoredAnswer = {
          storedAt: now,
          maxAge: policy.maxAge,
          generation: found.generation,
          staleUsable,
          answer:
            answer.json ?? JSON.stringify({ data: answer.data ?? null, ...(answer.errors ? { errors: answer.errors } : {}) }),
        };
        // Kept no longer than fresh, counted from the lookup: an invalidation that fails is waited out by then.
        const freshSeconds = (now + policy.maxAge * 1000 - this.now()) / 1000;
        const keepSeconds = staleUsable ? Math.max(policy.maxAge, this.settings.staleMaxAgeSeconds) : freshSeconds;
        if (keepSeconds > 0) await this.store.write(kommun.kommunkod, key, stored, keepSeconds).catch(() => undefined);
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

  /** How long an answer that can hold restrictable content is fresh at most. */
  private restrictableMaxAge(): number {
    return Math.min(RESTRICTABLE_MAX_AGE_SECONDS, this.settings.maxAgeCapSeconds ?? Infinity);
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
function sameForTheScope(answer: Extract<KommunAnswer, { ok: true }>): boolean {
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
