import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, createAppendOnlyAudit, ensureAppRole } from '#subgraph-kit/appRole';

/**
 * Requests run as APP_ROLE (see RequestDb), which owns nothing, may read the collaboration and
 * write only what the writes touch, and never delete. Every write is recorded in the append-only
 * `granskningslogg` with the collaboration it belongs to; an ADMIN reads the rows of the
 * collaborations their kommun has joined (ANSLUTEN), enforced by row-level security.
 */
export class Behorighet1733000000000 implements MigrationInterface {
  name = 'Behorighet1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await createAppendOnlyAudit(q, 'samverkan_id text NOT NULL REFERENCES samverkan (id),');
    await q.query(`CREATE INDEX granskningslogg_samverkan ON granskningslogg (samverkan_id, id)`);
    await q.query(`
      CREATE POLICY granskningslogg_las ON granskningslogg FOR SELECT USING (
        coalesce('ADMIN' = ANY (string_to_array(current_setting('kommungraf.roller', true), ',')), false)
        AND EXISTS (SELECT 1 FROM samverkan_part p
                    WHERE p.samverkan_id = granskningslogg.samverkan_id
                      AND p.kommunkod = current_setting('kommungraf.kommunkod', true)
                      AND p.status = 'ANSLUTEN'))`);

    await q.query(`
      GRANT SELECT ON samverkan, samverkan_part, samverkansomrade, omrade_status, omrade_part, omrade_beslut, omrade_arende,
                      avtal, avtalspart, uppfoljning
        TO ${APP_ROLE}`);
    await q.query(`GRANT INSERT ON omrade_status, omrade_beslut, avtal, avtalspart TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE ON samverkansomrade TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`DROP TABLE granskningslogg`);
    await q.query(`DROP FUNCTION granskningslogg_oforanderlig()`);
  }
}
