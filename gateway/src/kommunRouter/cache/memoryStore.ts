import type { KommunAnswerStore, StoredAnswer } from './KommunAnswerCache';

/** Answers kept in one process at most; the least recently read go first. */
export const DEFAULT_MAX_ENTRIES = 10_000;

interface Kept {
  entry: StoredAnswer;
  kommunkod: string;
  expiresAt: number;
}

/**
 * The answer cache in the gateway's own memory (the default): bounded by a number of entries,
 * least recently read evicted first. A write in a kommun bumps that kommun's generation, which
 * turns all its entries into misses at once.
 */
export class MemoryAnswerStore implements KommunAnswerStore {
  private readonly entries = new Map<string, Kept>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  async read(kommunkod: string, key: string): Promise<{ entry?: StoredAnswer; generation: number }> {
    const generation = this.generations.get(kommunkod) ?? 0;
    const id = `${kommunkod}\u0000${key}`;
    const kept = this.entries.get(id);
    if (!kept) return { generation };
    this.entries.delete(id);
    if (kept.entry.generation !== generation || kept.expiresAt <= this.now()) return { generation };
    // Re-inserted: a Map iterates in insertion order, so the first entry is the least recently read.
    this.entries.set(id, kept);
    return { entry: kept.entry, generation };
  }

  async write(kommunkod: string, key: string, entry: StoredAnswer, keepSeconds: number): Promise<void> {
    const id = `${kommunkod}\u0000${key}`;
    this.entries.delete(id);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { entry, kommunkod, expiresAt: this.now() + keepSeconds * 1000 });
  }

  async invalidate(kommunkod: string): Promise<void> {
    this.generations.set(kommunkod, (this.generations.get(kommunkod) ?? 0) + 1);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
