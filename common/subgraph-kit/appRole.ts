import type { QueryRunner } from 'typeorm';

/**
 * The role every request runs as (SET LOCAL ROLE at the start of its transaction). It is not the
 * owner of any table and not a superuser, so row-level security applies to it even where the
 * service connects as a superuser (superusers and, without FORCE, owners bypass RLS). NOLOGIN:
 * nobody connects as it; the service's own user switches to it.
 */
export const APP_ROLE = 'kommungraf_app';

/**
 * Creates the app role unless the server has it. Roles are shared by every database of a server,
 * and several services migrate at once at start: a CREATE that loses the race to another
 * database's migration is ignored (duplicate_object, or unique_violation on pg_authid).
 * A service user that is not a superuser is made a member, so that it may SET ROLE to it.
 */
export async function ensureAppRole(q: QueryRunner): Promise<void> {
  await q.query(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        BEGIN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
          NULL;
        END;
      END IF;
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role('${APP_ROLE}', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', '${APP_ROLE}', current_user);
      END IF;
    END $$`);
}

/**
 * An audit table that nobody can change: the app role may only add and read rows, and a trigger
 * refuses UPDATE, DELETE and TRUNCATE even to the owner (who could drop the trigger, but not by
 * accident and not through the service).
 */
export async function createAppendOnlyAudit(q: QueryRunner, extraColumns = ''): Promise<void> {
  await q.query(`
    CREATE TABLE granskningslogg (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tidpunkt timestamptz NOT NULL DEFAULT now(),
      sub text NOT NULL,
      kommunkod text NOT NULL,
      roller text[] NOT NULL,
      atgard text NOT NULL,
      objekt text NOT NULL,
      ${extraColumns}
      detaljer jsonb NOT NULL DEFAULT '{}'
    )`);
  await q.query(`
    CREATE FUNCTION granskningslogg_oforanderlig() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'granskningslogg is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await q.query(`
    CREATE TRIGGER granskningslogg_oforanderlig BEFORE UPDATE OR DELETE ON granskningslogg
      FOR EACH ROW EXECUTE FUNCTION granskningslogg_oforanderlig()`);
  await q.query(`
    CREATE TRIGGER granskningslogg_ej_tomning BEFORE TRUNCATE ON granskningslogg
      FOR EACH STATEMENT EXECUTE FUNCTION granskningslogg_oforanderlig()`);
  await q.query(`REVOKE ALL ON granskningslogg FROM PUBLIC`);
  await q.query(`GRANT SELECT, INSERT ON granskningslogg TO ${APP_ROLE}`);
  await q.query(`ALTER TABLE granskningslogg ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE granskningslogg FORCE ROW LEVEL SECURITY`);
  // A row names the user of the request that writes it, never anyone else.
  await q.query(`
    CREATE POLICY granskningslogg_skriv ON granskningslogg FOR INSERT
      WITH CHECK (sub = current_setting('kommungraf.sub', true) AND kommunkod = current_setting('kommungraf.kommunkod', true))`);
}
