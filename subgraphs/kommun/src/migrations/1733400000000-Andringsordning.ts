import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A commit-ordered position for the sync feed. `uppdaterad` is stamped when a change is written,
 * not when it commits, so a transaction that commits late can carry an earlier stamp than one a
 * client has already read past. Each change of an ärende therefore also records the id of the
 * transaction that made it (`andrad_xid`, set by a trigger so that no write path can forget it),
 * and the feed reads only changes of transactions older than the oldest one still running
 * (`pg_snapshot_xmin`): below that line no transaction can still commit, so a position once passed
 * never gains a row behind it.
 */
export class Andringsordning1733400000000 implements MigrationInterface {
  name = 'Andringsordning1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE arende ADD COLUMN andrad_xid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await q.query(`
      CREATE FUNCTION arende_andrad_xid() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.andrad_xid := pg_current_xact_id();
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER arende_andrad_xid BEFORE INSERT OR UPDATE ON arende
      FOR EACH ROW EXECUTE FUNCTION arende_andrad_xid()`);
    await q.query(`CREATE INDEX arende_andringsordning ON arende (andrad_xid, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER arende_andrad_xid ON arende`);
    await q.query(`DROP FUNCTION arende_andrad_xid()`);
    await q.query(`ALTER TABLE arende DROP COLUMN andrad_xid`);
  }
}
