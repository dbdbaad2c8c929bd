import type { KommunAnswerStore, StoredAnswer, StoredWholeAnswer } from './KommunAnswerCache';

/** Answers kept in one process at most; the least recently read go first. */
export const DEFAULT_MAX_ENTRIES = 10_000;
/** Characters of whole answers kept in one process at most (a national dashboard is about 200 000). */
export const DEFAULT_MAX_WHOLE_CHARS = 64 * 2 ** 20;

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
  private readonly wholes = new Map<string, { entry: StoredWholeAnswer; expiresAt: number }>();
  private wholeChars = 0;

  constructor(
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
    private readonly maxWholeChars = DEFAULT_MAX_WHOLE_CHARS,
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

  async readWhole(key: string): Promise<StoredWholeAnswer | undefined> {
    const kept = this.wholes.get(key);
    if (!kept) return undefined;
    this.dropWhole(key);
    if (kept.expiresAt <= this.now()) return undefined;
    for (const kommunkod in kept.entry.generations) {
      if (kept.entry.generations[kommunkod] !== (this.generations.get(kommunkod) ?? 0)) return undefined;
    }
    this.wholes.set(key, kept);
    this.wholeChars += kept.entry.json.length;
    return kept.entry;
  }

  async writeWhole(key: string, entry: StoredWholeAnswer, keepSeconds: number): Promise<void> {
    if (entry.json.length > this.maxWholeChars) return;
    this.dropWhole(key);
    while (this.wholeChars + entry.json.length > this.maxWholeChars) this.dropWhole(this.wholes.keys().next().value!);
    this.wholes.set(key, { entry, expiresAt: this.now() + keepSeconds * 1000 });
    this.wholeChars += entry.json.length;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.wholes.clear();
    this.wholeChars = 0;
  }

  private dropWhole(key: string): void {
    const kept = this.wholes.get(key);
    if (!kept) return;
    this.wholes.delete(key);
    this.wholeChars -= kept.entry.json.length;
  }
}
