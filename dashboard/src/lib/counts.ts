/**
 * Counts of ärenden per kommun, organ and status, made from the lists the graph returns until
 * it offers sums of its own; `counted` < `total` says that only the latest page was counted.
 */
export interface ArendeLike {
  status: string;
  ansvarigtOrgan: { kortnamn: string } | null;
}

export interface KommunArenden {
  kommunkod: string;
  namn: string;
  arenden: { totalCount: number; nodes: readonly ArendeLike[] };
}

export interface ArendeCounts {
  kommunkod: string;
  namn: string;
  total: number;
  counted: number;
  byStatus: Record<string, number>;
  /** Organ short name → status → count, organs sorted by name. */
  byOrgan: [string, Record<string, number>][];
}

export function countArenden(kommuner: readonly KommunArenden[]): ArendeCounts[] {
  return kommuner.map((kommun) => {
    const byStatus: Record<string, number> = {};
    const byOrgan = new Map<string, Record<string, number>>();
    for (const arende of kommun.arenden.nodes) {
      byStatus[arende.status] = (byStatus[arende.status] ?? 0) + 1;
      const organ = arende.ansvarigtOrgan?.kortnamn ?? 'Okänt organ';
      const row = byOrgan.get(organ) ?? {};
      row[arende.status] = (row[arende.status] ?? 0) + 1;
      byOrgan.set(organ, row);
    }
    return {
      kommunkod: kommun.kommunkod,
      namn: kommun.namn,
      total: kommun.arenden.totalCount,
      counted: kommun.arenden.nodes.length,
      byStatus,
      byOrgan: [...byOrgan.entries()].sort(([a], [b]) => a.localeCompare(b, 'sv')),
    };
  });
}

export interface UppdragLike {
  forsenad: boolean;
  deadline: string | null;
  status: string;
}

/** Late assignments first, then those under way, each by deadline (none last). */
export function sortUppdrag<T extends UppdragLike>(uppdrag: readonly T[]): T[] {
  const rank = (u: UppdragLike) => (u.forsenad ? 0 : u.status === 'PAGAENDE' ? 1 : 2);
  return [...uppdrag].sort((a, b) => rank(a) - rank(b) || (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999'));
}
