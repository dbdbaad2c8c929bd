import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the writes need: a diarienummer series per organ and year, and `uppdaterad` kept at
 * millisecond precision with an index in sync order, so that the time a client reads back
 * (a DateTime, milliseconds) is exactly the one stored and `uppdateradSedan` neither repeats
 * nor skips a change.
 */
export class Skrivningar1732800000000 implements MigrationInterface {
  name = 'Skrivningar1732800000000';

  async up(q: QueryRunner): Promise<void> {
    // The last serial given out per diarienummer prefix (`<organ kortnamn> <year>/`). Incremented
    // in the transaction that inserts the ärende, so a failed registration gives its number back.
    await q.query(`
      CREATE TABLE diarieserie (
        kortnamn text NOT NULL,
        ar integer NOT NULL,
        senaste integer NOT NULL CHECK (senaste > 0),
        PRIMARY KEY (kortnamn, ar)
      )`);
    await q.query(`ALTER TABLE arende ALTER COLUMN uppdaterad SET DEFAULT date_trunc('milliseconds', now())`);
    await q.query(`UPDATE arende SET uppdaterad = date_trunc('milliseconds', uppdaterad)`);
    await q.query(`CREATE INDEX arende_andrad ON arende (uppdaterad, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX arende_andrad`);
    await q.query(`ALTER TABLE arende ALTER COLUMN uppdaterad SET DEFAULT now()`);
    await q.query(`DROP TABLE diarieserie`);
  }
}
