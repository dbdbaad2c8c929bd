import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, createAppendOnlyAudit, ensureAppRole } from '#subgraph-kit/appRole';

/** An ärende is restricted when it has a lagrum; its content rows are then its kommun's secret. */
const OPEN_OR_PERMITTED = (table: string) => `
  (SELECT far_lasa_sekretess())
  OR NOT EXISTS (SELECT 1 FROM arende a WHERE a.diarienummer = ${table}.diarienummer AND a.sekretess_lagrum IS NOT NULL)`;

/**
 * Sekretess in the database, so that a resolver that forgets a check still gets no restricted
 * content. The public diarium (`arende`: diarienummer, status, dates, the restriction and its
 * lagrum) stays readable by everyone; the content of an ärende (rubrik and beskrivning, moved to
 * `arende_innehall`), its proposed decision (`beslutspunkt`) and its documents (`handling`) are
 * row-level secured: a restricted ärende's rows are visible only to a HANDLAGGARE or ADMIN of
 * this kommun, as the request declares them in its transaction (see RequestDb).
 *
 * Requests run as APP_ROLE, which owns nothing and is no superuser; FORCE makes the policies
 * bind the owner too, except a superuser (migrations, seed and tests that set data up).
 * Every write is recorded in the append-only `granskningslogg`.
 */
export class Sekretess1733000000000 implements MigrationInterface {
  name = 'Sekretess1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE arende_innehall (
        diarienummer text PRIMARY KEY REFERENCES arende (diarienummer),
        rubrik text NOT NULL,
        beskrivning text
      )`);
    await q.query(
      `INSERT INTO arende_innehall (diarienummer, rubrik, beskrivning) SELECT diarienummer, rubrik, beskrivning FROM arende`,
    );
    await q.query(`ALTER TABLE arende DROP COLUMN rubrik, DROP COLUMN beskrivning`);

    // Decided from the request's own settings against the kommun this database belongs to.
    await q.query(`
      CREATE FUNCTION far_lasa_sekretess() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM kommun WHERE kommunkod = current_setting('kommungraf.kommunkod', true))
           AND coalesce(string_to_array(current_setting('kommungraf.roller', true), ',') && ARRAY['HANDLAGGARE', 'ADMIN'], false)
      $$`);
    await q.query(`
      CREATE FUNCTION ar_admin() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM kommun WHERE kommunkod = current_setting('kommungraf.kommunkod', true))
           AND coalesce('ADMIN' = ANY (string_to_array(current_setting('kommungraf.roller', true), ',')), false)
      $$`);
    for (const table of ['arende_innehall', 'beslutspunkt', 'handling']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY sekretess ON ${table} USING (${OPEN_OR_PERMITTED(table)})`);
    }

    await createAppendOnlyAudit(q);
    await q.query(`CREATE POLICY granskningslogg_las ON granskningslogg FOR SELECT USING ((SELECT ar_admin()))`);

    // Least privilege: what the reads and the writes use, and no DELETE anywhere.
    await q.query(`
      GRANT SELECT ON kommun, organ, arende, arende_innehall, arende_status, beslutspunkt, handling, paragraf, uppdrag, diarieserie
        TO ${APP_ROLE}`);
    await q.query(
      `GRANT INSERT ON arende, arende_innehall, arende_status, beslutspunkt, paragraf, uppdrag, diarieserie TO ${APP_ROLE}`,
    );
    await q.query(`GRANT UPDATE ON arende, arende_innehall, uppdrag, diarieserie TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`DROP TABLE granskningslogg`);
    await q.query(`DROP FUNCTION granskningslogg_oforanderlig()`);
    for (const table of ['arende_innehall', 'beslutspunkt', 'handling']) {
      await q.query(`DROP POLICY sekretess ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION ar_admin()`);
    await q.query(`DROP FUNCTION far_lasa_sekretess()`);
    await q.query(`ALTER TABLE arende ADD COLUMN rubrik text, ADD COLUMN beskrivning text`);
    await q.query(
      `UPDATE arende a SET rubrik = i.rubrik, beskrivning = i.beskrivning FROM arende_innehall i WHERE i.diarienummer = a.diarienummer`,
    );
    await q.query(`ALTER TABLE arende ALTER COLUMN rubrik SET NOT NULL`);
    await q.query(`DROP TABLE arende_innehall`);
  }
}
