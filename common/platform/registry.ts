import fs from 'node:fs';

/** One kommun of the graph: who it is and where its subgraph answers. */
export interface KommunEntry {
  kommunkod: string;
  namn: string;
  lan: string;
  /**
   * The SCB code of its län (Västernorrland: "22"), by which root lists can be asked for one län.
   * A kommunkod starts with its län's code, so entries without one get those two digits.
   */
  lanskod?: string;
  url: string;
  /** How long the router waits for this kommun, in milliseconds. */
  timeoutMs?: number;
}

export type KommunRegistry = KommunEntry[];

/**
 * Reads the registry from a JSON string (`{"kommuner": [...]}` or a bare array) and checks every
 * entry, so that a typo is reported at start with the entry it is in.
 */
export function parseRegistry(json: string, source: string): KommunRegistry {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const list = Array.isArray(data) ? data : (data as { kommuner?: unknown })?.kommuner;
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`${source} must hold a non-empty list "kommuner"`);
  }
  const seen = new Set<string>();
  return list.map((item: Partial<KommunEntry>, index) => {
    const where = `${source}, kommuner[${index}]`;
    if (typeof item?.kommunkod !== 'string' || !/^\d{4}$/.test(item.kommunkod)) {
      throw new Error(`${where}: kommunkod must be a four-digit SCB code as a string, e.g. "2262"`);
    }
    if (seen.has(item.kommunkod)) throw new Error(`${where}: kommunkod ${item.kommunkod} is listed twice`);
    seen.add(item.kommunkod);
    for (const field of ['namn', 'lan', 'url'] as const) {
      if (typeof item[field] !== 'string' || item[field] === '') throw new Error(`${where}: ${field} is missing`);
    }
    try {
      new URL(item.url!);
    } catch {
      throw new Error(`${where}: url ${JSON.stringify(item.url)} is not a URL`);
    }
    if (item.lanskod !== undefined && !(typeof item.lanskod === 'string' && /^\d{2}$/.test(item.lanskod))) {
      throw new Error(`${where}: lanskod must be a two-digit SCB code as a string, e.g. "22"`);
    }
    if (item.timeoutMs !== undefined && !(Number.isInteger(item.timeoutMs) && item.timeoutMs > 0)) {
      throw new Error(`${where}: timeoutMs must be a positive whole number of milliseconds`);
    }
    return {
      kommunkod: item.kommunkod,
      namn: item.namn!,
      lan: item.lan!,
      lanskod: item.lanskod ?? lanskodOf(item as KommunEntry),
      url: item.url!,
      ...(item.timeoutMs ? { timeoutMs: item.timeoutMs } : {}),
    };
  });
}

/** The län a kommun belongs to: its entry's `lanskod`, else the first two digits of its kommunkod (SCB). */
export function lanskodOf(kommun: Pick<KommunEntry, 'kommunkod' | 'lanskod'>): string {
  return kommun.lanskod ?? kommun.kommunkod.slice(0, 2);
}

/** The registry from inline JSON when given, else from the file. */
export function loadRegistry(inlineJson: string | undefined, file: string): KommunRegistry {
  if (inlineJson) return parseRegistry(inlineJson, 'KOMMUN_REGISTRY');
  return parseRegistry(fs.readFileSync(file, 'utf8'), file);
}
