import { LRUCache } from 'lru-cache';
import type { KommunAnswerStore, StoredAnswer, StoredWholeAnswer } from './KommunAnswerCache';
import { heapBytes } from './heapBytes';

/** Bytes of kommun answers kept in one process at most (KOMMUN_CACHE_MAX_BYTES). */
export const DEFAULT_MAX_BYTES = 48 * 2 ** 20;
/** Bytes of whole answers kept in one process at most (WHOLE_ANSWER_CACHE_MAX_BYTES); a national dashboard is about 200 kB. */
export const DEFAULT_MAX_WHOLE_BYTES = 16 * 2 ** 20;
/** What an entry costs besides its texts: the objects and the cache's bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 200;

export interface MemoryStoreBounds {
  /** Bytes of kommun answers (keys and texts) at most; the least recently read go first. */
  maxBytes?: number;
  /** Bytes of whole answers (keys and texts) at most; the least recently read go first. */
  maxWholeBytes?: number;
  /** No other replica reads or writes these kommuner: an invalidation here is one everywhere. */
  singleReplica?: boolean;
  now?: () => number;
}

interface Kept {
  entry: StoredAnswer;
  expiresAt: number;
}

interface KeptWhole {
  entry: StoredWholeAnswer;
  expiresAt: number;
}

/**
 * The answer cache in the gateway's own memory (the default), bounded in bytes: a key holds the
 * request's body, so a search text varied without end would otherwise grow it without end. A
 * write in a kommun bumps that kommun's generation, which turns all its entries into misses at
 * once. An invalidation here reaches this process only, so answers that can hold content a
 * restriction hides are kept here only when the operator says there is no other replica
 * (`sharedInvalidation`).
 */
export class MemoryAnswerStore implements KommunAnswerStore {
  readonly sharedInvalidation: boolean;
  private readonly entries: LRUCache<string, Kept>;
  private readonly wholes: LRUCache<string, KeptWhole>;
  private readonly generations = new Map<string, number>();
  private readonly now: () => number;

  constructor(bounds: MemoryStoreBounds = {}) {
    this.now = bounds.now ?? Date.now;
    this.sharedInvalidation = bounds.singleReplica ?? false;
    this.entries = new LRUCache<string, Kept>({
      maxSize: bounds.maxBytes ?? DEFAULT_MAX_BYTES,
      sizeCalculation: (kept, id) => heapBytes(id) + heapBytes(kept.entry.answer) + ENTRY_OVERHEAD_BYTES,
    });
    this.wholes = new LRUCache<string, KeptWhole>({
      maxSize: bounds.maxWholeBytes ?? DEFAULT_MAX_WHOLE_BYTES,
      sizeCalculation: (kept, key) => heapBytes(key) + heapBytes(kept.entry.json) + ENTRY_OVERHEAD_BYTES,
    });
  }

  /** The bytes held now, by the same count as the bounds. */
  get bytes(): { answers: number; wholes: number } {
    return { answers: this.entries.calculatedSize, wholes: this.wholes.calculatedSize };
  }

  async read(kommunkod: string, key: string): Promise<{ entry?: StoredAnswer; generation: number }> {
    const generation = this.generations.get(kommunkod) ?? 0;
    const id = `${kommunkod}\u0000${key}`;
    const kept = this.entries.get(id);
    if (!kept) return { generation };
    if (kept.entry.generation !== generation || kept.expiresAt <= this.now()) {
      this.entries.delete(id);
      return { generation };
    }
    return { entry: kept.entry, generation };
  }

  async write(kommunkod: string, key: string, entry: StoredAnswer, keepSeconds: number): Promise<void> {
    this.entries.set(`${kommunkod}\u0000${key}`, { entry, expiresAt: this.now() + keepSeconds * 1000 });
  }

  async invalidate(kommunkod: string): Promise<void> {
    this.generations.set(kommunkod, (this.generations.get(kommunkod) ?? 0) + 1);
  }

  async readWhole(key: string): Promise<StoredWholeAnswer | undefined> {
    const kept = this.wholes.get(key);
    if (!kept) return undefined;
    const current =
      kept.expiresAt > this.now() &&
      Object.entries(kept.entry.generations).every(
        ([kommunkod, generation]) => generation === (this.generations.get(kommunkod) ?? 0),
      );
    if (!current) {
      this.wholes.delete(key);
      return undefined;
    }
    return kept.entry;
  }

  async writeWhole(key: string, entry: StoredWholeAnswer, keepSeconds: number): Promise<void> {
    this.wholes.set(key, { entry, expiresAt: this.now() + keepSeconds * 1000 });
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.wholes.clear();
  }
}
