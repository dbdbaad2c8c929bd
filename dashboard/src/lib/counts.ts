/** One row of the graph's `statistik.arenden`, counted in the kommun's own database. */
export interface ArendeantalRow {
  kommunkod: string;
  organ: string | null;
  status: string;
  antal: number;
}

export interface ArendeCounts {
  kommunkod: string;
  namn: string;
  total: number;
  byStatus: Record<string, number>;
  /** Organ id → status → count, organs sorted by id. */
  byOrgan: [string, Record<string, number>][];
}

/**
 * Ärenden per kommun, organ and status from the graph's sums, for the kommuner that answered
 * (in their order); a kommun with no ärenden gets a row of zeros.
 */
export function countArenden(
  kommuner: readonly { kommunkod: string; namn: string }[],
  rows: readonly ArendeantalRow[],
): ArendeCounts[] {
  return kommuner.map(({ kommunkod, namn }) => {
    const byStatus: Record<string, number> = {};
    const byOrgan = new Map<string, Record<string, number>>();
    let total = 0;
    for (const row of rows) {
      if (row.kommunkod !== kommunkod) continue;
      total += row.antal;
      byStatus[row.status] = (byStatus[row.status] ?? 0) + row.antal;
      const organ = row.organ ?? 'Inget organ';
      const counts = byOrgan.get(organ) ?? {};
      counts[row.status] = (counts[row.status] ?? 0) + row.antal;
      byOrgan.set(organ, counts);
    }
    return { kommunkod, namn, total, byStatus, byOrgan: [...byOrgan.entries()].sort(([a], [b]) => a.localeCompare(b, 'sv')) };
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
