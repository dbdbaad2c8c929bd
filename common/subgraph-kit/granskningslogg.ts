import type { EntityManager } from 'typeorm';
import type { Caller } from '#platform/auth/caller';
import { queryRows } from '#platform/database/queryRows';

/** One row of a service's append-only audit: who wrote what, and when. */
export interface Granskningspost {
  id: string;
  tidpunkt: Date;
  sub: string;
  kommunkod: string;
  roller: string[];
  atgard: string;
  objekt: string;
  detaljer: Record<string, unknown>;
  /** Samverkan only: the collaboration the write belongs to. */
  samverkanId?: string | null;
}

/**
 * Records a write in `granskningslogg`, in the write's own transaction: the row exists exactly
 * when the write does. The row-level policy refuses a row that names anyone but the request's user.
 */
export async function loggaSkrivning(
  m: EntityManager,
  caller: Caller,
  post: { atgard: string; objekt: string; detaljer?: Record<string, unknown>; samverkanId?: string },
): Promise<void> {
  const columns = ['sub', 'kommunkod', 'roller', 'atgard', 'objekt', 'detaljer'];
  const values: unknown[] = [
    caller.sub,
    caller.kommunkod,
    caller.roller,
    post.atgard,
    post.objekt,
    JSON.stringify(post.detaljer ?? {}),
  ];
  if (post.samverkanId !== undefined) {
    columns.push('samverkan_id');
    values.push(post.samverkanId);
  }
  await queryRows(
    m,
    `INSERT INTO granskningslogg (${columns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
    values,
  );
}

/** The newest `first` rows the request may read (row-level security decides which), newest first. */
export async function senasteGranskningsposter(m: EntityManager, first: number): Promise<Granskningspost[]> {
  const rows = await queryRows<Record<string, unknown>>(m, `SELECT * FROM granskningslogg ORDER BY id DESC LIMIT $1`, [first]);
  return rows.map((raw) => ({
    id: String(raw.id),
    tidpunkt: raw.tidpunkt as Date,
    sub: raw.sub as string,
    kommunkod: raw.kommunkod as string,
    roller: raw.roller as string[],
    atgard: raw.atgard as string,
    objekt: raw.objekt as string,
    detaljer: raw.detaljer as Record<string, unknown>,
    ...('samverkan_id' in raw ? { samverkanId: raw.samverkan_id as string | null } : {}),
  }));
}
