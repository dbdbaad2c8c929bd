import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '#subgraph-kit/appRole';

/**
 * Meetings (sammanträden) of the kommun's organs with their dagordning and protokoll, and the
 * elected members (ledamöter) in their public roles. A member is kept as the public record names
 * them (name, party, memberships of organs with their periods) and nothing more.
 */
export class Sammantraden1734000000000 implements MigrationInterface {
  name = 'Sammantraden1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sammantrade (
        id text PRIMARY KEY,
        organ_id text NOT NULL REFERENCES organ (id),
        datum date,
        borjar timestamptz,
        plats text,
        status text NOT NULL CHECK (status IN ('PLANERAT', 'GENOMFORT', 'INSTALLT')),
        illustrativa_falt text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX sammantrade_organ ON sammantrade (organ_id, datum)`);
    await q.query(`CREATE INDEX sammantrade_datum ON sammantrade (datum)`);
    await q.query(`
      CREATE TABLE dagordningspunkt (
        sammantrade_id text NOT NULL REFERENCES sammantrade (id),
        nummer integer NOT NULL CHECK (nummer > 0),
        rubrik text,
        diarienummer text REFERENCES arende (diarienummer),
        -- A paragraph is the decision of at most one item; it links the paragraph to its meeting.
        paragraf text UNIQUE REFERENCES paragraf (beteckning),
        illustrativa_falt text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (sammantrade_id, nummer)
      )`);
    await q.query(`
      CREATE TABLE protokoll (
        sammantrade_id text PRIMARY KEY REFERENCES sammantrade (id),
        justeringsdag date,
        anslagsdag date,
        illustrativa_falt text[] NOT NULL DEFAULT '{}',
        CHECK (anslagsdag IS NULL OR justeringsdag IS NULL OR anslagsdag >= justeringsdag)
      )`);
    // "Which decisions may still be appealed on day X" reads protocols by anslagsdag.
    await q.query(`CREATE INDEX protokoll_anslagsdag ON protokoll (anslagsdag) WHERE anslagsdag IS NOT NULL`);
    await q.query(`
      CREATE TABLE protokollsutdrag (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sammantrade_id text NOT NULL REFERENCES protokoll (sammantrade_id),
        mottagare text NOT NULL,
        expedierat date,
        expedierat_ar integer,
        UNIQUE (sammantrade_id, mottagare)
      )`);
    await q.query(`
      CREATE TABLE ledamot (
        id text PRIMARY KEY,
        namn text NOT NULL,
        parti text,
        illustrativa_falt text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`
      CREATE TABLE ledamotskap (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ledamot_id text NOT NULL REFERENCES ledamot (id),
        organ_id text NOT NULL REFERENCES organ (id),
        roll text NOT NULL CHECK (roll IN ('ORDFORANDE', 'VICE_ORDFORANDE', 'LEDAMOT', 'ERSATTARE')),
        fran date,
        till date,
        CHECK (fran IS NULL OR till IS NULL OR fran <= till),
        UNIQUE (ledamot_id, organ_id, roll, fran)
      )`);
    await q.query(`CREATE INDEX ledamotskap_ledamot ON ledamotskap (ledamot_id)`);
    await q.query(`CREATE INDEX ledamotskap_organ ON ledamotskap (organ_id)`);
    await q.query(`
      CREATE TABLE protokoll_justerare (
        sammantrade_id text NOT NULL REFERENCES protokoll (sammantrade_id),
        ledamot_id text NOT NULL REFERENCES ledamot (id),
        PRIMARY KEY (sammantrade_id, ledamot_id)
      )`);
    await q.query(`
      CREATE TABLE narvaro (
        sammantrade_id text NOT NULL REFERENCES sammantrade (id),
        ledamot_id text NOT NULL REFERENCES ledamot (id),
        PRIMARY KEY (sammantrade_id, ledamot_id)
      )`);
    await q.query(`
      GRANT SELECT ON sammantrade, dagordningspunkt, protokoll, protokollsutdrag, ledamot, ledamotskap, protokoll_justerare, narvaro
        TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'narvaro',
      'protokoll_justerare',
      'ledamotskap',
      'ledamot',
      'protokollsutdrag',
      'protokoll',
      'dagordningspunkt',
      'sammantrade',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
