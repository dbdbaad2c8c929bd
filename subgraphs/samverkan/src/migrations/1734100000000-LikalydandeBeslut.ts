import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '#subgraph-kit/appRole';

/**
 * Likalydande beslut: one wording decided by several kommuner, each in its own protocol. The
 * paragraphs stay in the kommuner's databases; a party holds only the key of its paragraph, or
 * none when the kommun has decided but the paragraph is not known.
 */
export class LikalydandeBeslut1734100000000 implements MigrationInterface {
  name = 'LikalydandeBeslut1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE likalydande_beslut (
        id text PRIMARY KEY,
        samverkan_id text NOT NULL REFERENCES samverkan (id),
        rubrik text NOT NULL,
        lydelse text NOT NULL,
        illustrativa_falt text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX likalydande_beslut_samverkan ON likalydande_beslut (samverkan_id, rubrik)`);
    await q.query(`
      CREATE TABLE likalydande_part (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        beslut_id text NOT NULL REFERENCES likalydande_beslut (id),
        kommunkod text NOT NULL CHECK (kommunkod ~ '^[0-9]{4}$'),
        beslutat boolean NOT NULL DEFAULT false,
        paragraf_beteckning text,
        uppgift text,
        -- A paragraph is only known for a decision that was taken.
        CHECK (paragraf_beteckning IS NULL OR beslutat),
        PRIMARY KEY (beslut_id, kommunkod)
      )`);
    await q.query(`GRANT SELECT, INSERT ON likalydande_beslut, likalydande_part TO ${APP_ROLE}`);
    // A report locks its decision (SELECT … FOR UPDATE), which needs UPDATE on some column.
    await q.query(`GRANT UPDATE (rubrik, lydelse) ON likalydande_beslut TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE (beslutat, paragraf_beteckning, uppgift) ON likalydande_part TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE likalydande_part`);
    await q.query(`DROP TABLE likalydande_beslut`);
  }
}
