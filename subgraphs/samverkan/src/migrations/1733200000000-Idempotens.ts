import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTable, dropIdempotencyTable } from '#subgraph-kit/idempotency';

/** Retry-safe writes: the client's Idempotency-Key is stored with each keyed write and its answer. */
export class Idempotens1733200000000 implements MigrationInterface {
  name = 'Idempotens1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await createIdempotencyTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyTable(q);
  }
}
