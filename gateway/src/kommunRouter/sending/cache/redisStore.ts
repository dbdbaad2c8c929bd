import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { KommunAnswerStore, StoredAnswer, StoredWholeAnswer } from './KommunAnswerCache';

const PREFIX = 'kommungraf:';

/**
 * The answer cache in Redis (`REDIS_URL`), shared by every gateway replica. An entry is one
 * string with a time to live; each kommun has a generation counter that a write increments, so
 * a write through any replica invalidates that kommun's entries for all of them. A read fetches
 * the counter and the entry in one round trip. Redis that fails or is slow is a miss, never an
 * error of the query: the kommun is asked instead. Times to live are kept to the millisecond:
 * an entry is gone from Redis when its freshness ends, whatever the replicas' clocks say, which
 * is what a write whose invalidation failed waits for (KommunAnswerCache.invalidate).
 */
export class RedisAnswerStore implements KommunAnswerStore {
  readonly sharedInvalidation = true;
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, {
      // A dashboard must not wait for a cache: no queue while disconnected, one try per command.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 500,
      lazyConnect: true,
    });
    // Reconnects by itself; each failed command is a miss meanwhile.
    this.redis.on('error', () => undefined);
  }

  /** Connects, so that the first requests already find the cache; fails when Redis does not answer (it keeps trying). */
  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async read(kommunkod: string, key: string): Promise<{ entry?: StoredAnswer; generation: number }> {
    const [generationText, entryText] = await this.redis.mget(generationKey(kommunkod), entryKey(kommunkod, key));
    const generation = Number(generationText ?? 0);
    if (!entryText) return { generation };
    const entry = JSON.parse(entryText) as StoredAnswer;
    return entry.generation === generation ? { entry, generation } : { generation };
  }

  async write(kommunkod: string, key: string, entry: StoredAnswer, keepSeconds: number): Promise<void> {
    await this.redis.set(entryKey(kommunkod, key), JSON.stringify(entry), 'PX', millisecondsOf(keepSeconds));
  }

  async invalidate(kommunkod: string): Promise<void> {
    await this.redis.incr(generationKey(kommunkod));
  }

  /**
   * A whole answer is one string, its freshness and generations as a JSON line before the
   * answer itself, so that a hit does not parse the answer; the generations of the kommuner it
   * read are fetched in a second round trip.
   */
  async readWhole(key: string): Promise<StoredWholeAnswer | undefined> {
    const text = await this.redis.get(wholeKey(key));
    if (!text) return undefined;
    const newline = text.indexOf('\n');
    const { freshUntil, generations } = JSON.parse(text.slice(0, newline)) as Omit<StoredWholeAnswer, 'json'>;
    const kommunkoder = Object.keys(generations);
    const current = kommunkoder.length ? await this.redis.mget(kommunkoder.map(generationKey)) : [];
    if (kommunkoder.some((kod, i) => generations[kod] !== Number(current[i] ?? 0))) return undefined;
    return { freshUntil, generations, json: text.slice(newline + 1) };
  }

  async writeWhole(key: string, entry: StoredWholeAnswer, keepSeconds: number): Promise<void> {
    const header = JSON.stringify({ freshUntil: entry.freshUntil, generations: entry.generations });
    await this.redis.set(wholeKey(key), `${header}\n${entry.json}`, 'PX', millisecondsOf(keepSeconds));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

const millisecondsOf = (seconds: number) => Math.max(1, Math.floor(seconds * 1000));
const generationKey = (kommunkod: string) => `${PREFIX}generation:${kommunkod}`;
const wholeKey = (key: string) => `${PREFIX}whole:${createHash('sha256').update(key).digest('base64url')}`;
/** The scope and body can be kilobytes; their digest keeps keys short. */
const entryKey = (kommunkod: string, key: string) =>
  `${PREFIX}answer:${kommunkod}:${createHash('sha256').update(key).digest('base64url')}`;
