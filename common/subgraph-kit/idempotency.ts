import type { GraphQLResolveInfo } from 'graphql';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE, IDEMPOTENCY_TTL } from '#platform/database/idempotency';
import type { RequestDb } from '#platform/database/requestDb';
import { APP_ROLE } from './appRole';

/**
 * The table of keyed writes: per caller (`sub`) and key, the hash of
 * the write and its answer. A caller sees only its own keys (row-level security), as the answers
 * may hold restricted content; the service's own user removes expired keys (see
 * `removeExpiredIdempotencyKeys`).
 */
async function createIdempotencyTable(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE ${IDEMPOTENCY_TABLE} (
      sub text NOT NULL,
      nyckel text NOT NULL,
      begaran text NOT NULL,
      svar jsonb,
      skapad timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (sub, nyckel)
    )`);
  await q.query(`CREATE INDEX ${IDEMPOTENCY_TABLE}_skapad ON ${IDEMPOTENCY_TABLE} (skapad)`);
  await q.query(`REVOKE ALL ON ${IDEMPOTENCY_TABLE} FROM PUBLIC`);
  await q.query(`GRANT SELECT, INSERT, UPDATE ON ${IDEMPOTENCY_TABLE} TO ${APP_ROLE}`);
  await q.query(`ALTER TABLE ${IDEMPOTENCY_TABLE} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${IDEMPOTENCY_TABLE} FORCE ROW LEVEL SECURITY`);
  await q.query(`
    CREATE POLICY egna_nycklar ON ${IDEMPOTENCY_TABLE}
      USING (sub = current_setting('kommungraf.sub', true))
      WITH CHECK (sub = current_setting('kommungraf.sub', true))`);
}

/** The same migration in every subgraph: retry-safe writes need the same table everywhere. */
export class Idempotens1733200000000 implements MigrationInterface {
  name = 'Idempotens1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await createIdempotencyTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${IDEMPOTENCY_TABLE}`);
  }
}

/** Forgets keys older than IDEMPOTENCY_TTL; run by the service as the table's owner. */
export async function removeExpiredIdempotencyKeys(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DELETE FROM ${IDEMPOTENCY_TABLE} WHERE skapad < now() - interval '${IDEMPOTENCY_TTL}'`);
}

/** A mutation resolver of any argument and context type (each subgraph has its own). */
type MutationResolver = (parent: unknown, args: never, ctx: never, info: GraphQLResolveInfo) => unknown;
type Called = (parent: unknown, args: Record<string, unknown>, ctx: { db: RequestDb }, info: GraphQLResolveInfo) => unknown;

/** Runs every mutation resolver under the request's Idempotency-Key (RequestDb.idempotent). */
export function idempotentMutations<R extends Record<string, MutationResolver>>(mutations: R): R {
  return Object.fromEntries(
    Object.entries(mutations).map(([name, resolver]) => {
      const resolve = resolver as unknown as Called;
      const wrapped: Called = (parent, args, ctx, info) =>
        ctx.db.idempotent({ responseKey: String(info.path.key), name: info.fieldName, args }, async () =>
          resolve(parent, args, ctx, info),
        );
      return [name, wrapped];
    }),
  ) as unknown as R;
}
