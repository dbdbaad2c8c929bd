import type { MigrationInterface, QueryRunner } from 'typeorm';

// Kommun records live in each kommun's own database; these columns hold only their keys.
const KOMMUNKOD = `text NOT NULL CHECK (kommunkod ~ '^[0-9]{4}$')`;
const OMRADESSTATUS = `text NOT NULL CHECK (status IN ('IDENTIFIERAT', 'UTREDS', 'STARTAT', 'AVVAKTAR', 'AVSKRIVET', 'AVSLUTAT'))`;

/** Collaborations, their parties, areas with status history, agreements and follow-ups. */
export class Initial1732700000000 implements MigrationInterface {
  name = 'Initial1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE samverkan (
        id text PRIMARY KEY,
        namn text NOT NULL,
        beskrivning text
      )`);
    await q.query(`
      CREATE TABLE samverkan_part (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        samverkan_id text NOT NULL REFERENCES samverkan (id),
        kommunkod ${KOMMUNKOD},
        status text NOT NULL CHECK (status IN ('ANSLUTEN', 'FORESLAGEN', 'INTRESSERAD')),
        sedan date,
        illustrativa_falt text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (samverkan_id, kommunkod)
      )`);
    await q.query(`
      CREATE TABLE samverkansomrade (
        id text PRIMARY KEY,
        samverkan_id text NOT NULL REFERENCES samverkan (id),
        namn text NOT NULL,
        beskrivning text,
        status ${OMRADESSTATUS},
        form text CHECK (form IN ('GEMENSAM_ORGANISATION', 'TJANSTEKOP', 'FORDJUPAD_SAMVERKAN'))
      )`);
    await q.query(`CREATE INDEX samverkansomrade_samverkan ON samverkansomrade (samverkan_id, namn)`);
    await q.query(`
      CREATE TABLE omrade_status (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        omrade_id text NOT NULL REFERENCES samverkansomrade (id),
        ordning integer NOT NULL CHECK (ordning > 0),
        status ${OMRADESSTATUS},
        datum date NOT NULL,
        kommentar text,
        beslut_kommunkod text CHECK (beslut_kommunkod ~ '^[0-9]{4}$'),
        beslut_beteckning text,
        illustrativa_falt text[] NOT NULL DEFAULT '{}',
        -- A decision is a paragraph in one kommun: both parts of its key or neither.
        CHECK ((beslut_kommunkod IS NULL) = (beslut_beteckning IS NULL)),
        UNIQUE (omrade_id, ordning)
      )`);
    await q.query(`
      CREATE TABLE omrade_part (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        omrade_id text NOT NULL REFERENCES samverkansomrade (id),
        kommunkod ${KOMMUNKOD},
        PRIMARY KEY (omrade_id, kommunkod)
      )`);
    // Kommun.samverkansomraden looks areas up by kommun.
    await q.query(`CREATE INDEX omrade_part_kommun ON omrade_part (kommunkod)`);
    await q.query(`
      CREATE TABLE omrade_beslut (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        omrade_id text NOT NULL REFERENCES samverkansomrade (id),
        kommunkod ${KOMMUNKOD},
        beteckning text NOT NULL,
        PRIMARY KEY (omrade_id, kommunkod, beteckning)
      )`);
    await q.query(`
      CREATE TABLE omrade_arende (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        omrade_id text NOT NULL REFERENCES samverkansomrade (id),
        kommunkod ${KOMMUNKOD},
        diarienummer text NOT NULL,
        PRIMARY KEY (omrade_id, kommunkod, diarienummer)
      )`);
    // Arende.samverkansomraden looks areas up by the ärende's key.
    await q.query(`CREATE INDEX omrade_arende_arende ON omrade_arende (kommunkod, diarienummer)`);
    await q.query(`
      CREATE TABLE avtal (
        id text PRIMARY KEY,
        omrade_id text NOT NULL REFERENCES samverkansomrade (id),
        namn text NOT NULL,
        tecknat date,
        giltig_fran date,
        giltig_till date CHECK (giltig_till >= giltig_fran),
        rattslig_grund text,
        resurs text,
        illustrativa_falt text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX avtal_omrade ON avtal (omrade_id)`);
    await q.query(`
      CREATE TABLE avtalspart (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        avtal_id text NOT NULL REFERENCES avtal (id),
        kommunkod ${KOMMUNKOD},
        roll text CHECK (roll IN ('VARDKOMMUN', 'PART')),
        kostnadsandel numeric CHECK (kostnadsandel >= 0 AND kostnadsandel <= 1),
        PRIMARY KEY (avtal_id, kommunkod)
      )`);
    await q.query(`
      CREATE TABLE uppfoljning (
        id text PRIMARY KEY,
        samverkan_id text NOT NULL REFERENCES samverkan (id),
        datum date NOT NULL,
        sammanfattning text NOT NULL,
        arende_kommunkod text CHECK (arende_kommunkod ~ '^[0-9]{4}$'),
        arende_diarienummer text,
        nasta_aterrapportering date,
        illustrativa_falt text[] NOT NULL DEFAULT '{}',
        CHECK ((arende_kommunkod IS NULL) = (arende_diarienummer IS NULL))
      )`);
    await q.query(`CREATE INDEX uppfoljning_samverkan ON uppfoljning (samverkan_id, datum)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'uppfoljning',
      'avtalspart',
      'avtal',
      'omrade_arende',
      'omrade_beslut',
      'omrade_part',
      'omrade_status',
      'samverkansomrade',
      'samverkan_part',
      'samverkan',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
