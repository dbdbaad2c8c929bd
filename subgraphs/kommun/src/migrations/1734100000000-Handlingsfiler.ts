import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '#subgraph-kit/appRole';

/**
 * A document's file: its description on `handling` (media type, size, SHA-256, file name) and its
 * bytes in a table of their own, so that lists of documents never read bytes. The bytes are as
 * secret as their document: a policy shows a file only where the request may see its `handling`
 * row, which row-level security already decides by the ärende's sekretess.
 */
export class Handlingsfiler1734100000000 implements MigrationInterface {
  name = 'Handlingsfiler1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE handling
        ADD COLUMN mediatyp text,
        ADD COLUMN storlek integer CHECK (storlek >= 0),
        ADD COLUMN sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        ADD COLUMN filnamn text,
        -- A file is described whole or not at all; its name is given when the document is registered.
        ADD CONSTRAINT handling_fil_beskriven CHECK ((mediatyp IS NULL) = (storlek IS NULL) AND (storlek IS NULL) = (sha256 IS NULL))`);
    await q.query(`
      CREATE TABLE handling_fil (
        handling_id bigint PRIMARY KEY REFERENCES handling (id),
        innehall bytea NOT NULL
      )`);
    // Documents are mostly PDFs and images, already compressed: stored as they are, out of line.
    await q.query(`ALTER TABLE handling_fil ALTER COLUMN innehall SET STORAGE EXTERNAL`);
    await q.query(`ALTER TABLE handling_fil ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE handling_fil FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY sekretess ON handling_fil USING (EXISTS (SELECT 1 FROM handling h WHERE h.id = handling_fil.handling_id))`,
    );
    await q.query(`GRANT SELECT, INSERT ON handling_fil TO ${APP_ROLE}`);
    await q.query(`GRANT INSERT ON handling TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE (mediatyp, storlek, sha256) ON handling TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE UPDATE (mediatyp, storlek, sha256), INSERT ON handling FROM ${APP_ROLE}`);
    await q.query(`DROP TABLE handling_fil`);
    await q.query(`ALTER TABLE handling DROP CONSTRAINT handling_fil_beskriven`);
    await q.query(`ALTER TABLE handling DROP COLUMN mediatyp, DROP COLUMN storlek, DROP COLUMN sha256, DROP COLUMN filnamn`);
  }
}
