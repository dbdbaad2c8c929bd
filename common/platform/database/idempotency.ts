import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { conflict } from '../errors';

/** How long a client key is remembered; an older key may be used again for a new write. */
export const IDEMPOTENCY_TTL = '24 hours';

/** The table that remembers keyed writes (made by each subgraph's migration). */
export const IDEMPOTENCY_TABLE = 'idempotensnyckel';

/**
 * One mutation field of a request that carries an Idempotency-Key. The stored key is the client's
 * key and the field's response name, so that several mutation fields of one operation (which must
 * have distinct response names) each get their own.
 */
export interface IdempotencyClaim {
  sub: string;
  key: string;
  /** A hash of the field and its arguments: the same key with another write is a CONFLICT. */
  request: string;
  /** The client's key alone, for messages. */
  clientKey: string;
}

export function idempotencyClaim(
  sub: string,
  clientKey: string,
  field: { responseKey: string; name: string; args: unknown },
): IdempotencyClaim {
  return {
    sub,
    key: `${clientKey} ${field.responseKey}`,
    request: createHash('sha256')
      .update(stableJson({ field: field.name, args: field.args }))
      .digest('hex'),
    clientKey,
  };
}

/** Thrown inside a write's transaction when its key was used before: roll back, answer `answer`. */
export class EarlierAnswer {
  constructor(readonly answer: unknown) {}
}

/**
 * Claims the key in the write's own transaction, before the write does anything. The primary key
 * (sub, nyckel) makes a concurrent duplicate wait for the first transaction: if that commits, the
 * duplicate finds its row and gets its answer; if it rolls back, the duplicate claims the key and
 * writes. A key older than IDEMPOTENCY_TTL is taken over as new. Throws EarlierAnswer for a retry
 * of the same write and CONFLICT for another write under the same key.
 */
export async function claimIdempotencyKey(m: EntityManager, claim: IdempotencyClaim): Promise<void> {
  const claimed: unknown[] = await m.query(
    `INSERT INTO ${IDEMPOTENCY_TABLE} AS i (sub, nyckel, begaran) VALUES ($1, $2, $3)
       ON CONFLICT (sub, nyckel) DO UPDATE SET begaran = EXCLUDED.begaran, svar = NULL, skapad = now()
       WHERE i.skapad < now() - interval '${IDEMPOTENCY_TTL}'
     RETURNING 1`,
    [claim.sub, claim.key, claim.request],
  );
  if (claimed.length > 0) return;
  const [earlier]: { begaran: string; svar: unknown }[] = await m.query(
    `SELECT begaran, svar FROM ${IDEMPOTENCY_TABLE} WHERE sub = $1 AND nyckel = $2`,
    [claim.sub, claim.key],
  );
  if (earlier.begaran !== claim.request) {
    throw conflict(
      `The Idempotency-Key ${JSON.stringify(claim.clientKey)} was already used for a different write in the last ${IDEMPOTENCY_TTL}; a retry must send the same input, a new write needs a new key.`,
      'Idempotency-Key',
    );
  }
  throw new EarlierAnswer(earlier.svar);
}

/** Stores the write's answer with its key, in the same transaction as the write. */
export async function storeIdempotentAnswer(m: EntityManager, claim: IdempotencyClaim, answer: unknown): Promise<void> {
  await m.query(`UPDATE ${IDEMPOTENCY_TABLE} SET svar = $3 WHERE sub = $1 AND nyckel = $2`, [
    claim.sub,
    claim.key,
    JSON.stringify(answer ?? null),
  ]);
}

/** JSON with object keys sorted, so that equal arguments hash alike whatever their order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
