import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The kommun's diarium: organs, ärenden with status history, paragraphs, documents, assignments. */
export class Initial1732600000000 implements MigrationInterface {
  name = 'Initial1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kommun (
        kommunkod text PRIMARY KEY CHECK (kommunkod ~ '^[0-9]{4}$'),
        namn text NOT NULL,
        lan text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE organ (
        id text PRIMARY KEY,
        kortnamn text NOT NULL UNIQUE,
        namn text NOT NULL,
        typ text NOT NULL CHECK (typ IN ('FULLMAKTIGE', 'STYRELSE', 'NAMND', 'GEMENSAM_NAMND', 'UTSKOTT'))
      )`);
    await q.query(`
      CREATE TABLE arende (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        diarienummer text PRIMARY KEY,
        rubrik text NOT NULL,
        beskrivning text,
        status text NOT NULL CHECK (status IN ('OPPET', 'VILANDE', 'STANGT', 'MAKULERAT')),
        registrerad date NOT NULL,
        ansvarigt_organ_id text REFERENCES organ (id),
        sekretess_lagrum text,
        sekretess_beskrivning text,
        version integer NOT NULL DEFAULT 1,
        uppdaterad timestamptz NOT NULL DEFAULT now(),
        illustrativa_falt text[] NOT NULL DEFAULT '{}'
      )`);
    // The connection's order: newest registered first, ties broken by insertion.
    await q.query(`CREATE INDEX arende_lista ON arende (registrerad DESC, id DESC)`);
    await q.query(`
      CREATE TABLE arende_status (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        diarienummer text NOT NULL REFERENCES arende (diarienummer),
        status text NOT NULL CHECK (status IN ('OPPET', 'VILANDE', 'STANGT', 'MAKULERAT')),
        datum date NOT NULL,
        kommentar text
      )`);
    await q.query(`CREATE INDEX arende_status_arende ON arende_status (diarienummer, id)`);
    await q.query(`
      CREATE TABLE beslutspunkt (
        diarienummer text NOT NULL REFERENCES arende (diarienummer),
        nummer integer NOT NULL CHECK (nummer > 0),
        text text NOT NULL,
        PRIMARY KEY (diarienummer, nummer)
      )`);
    await q.query(`
      CREATE TABLE paragraf (
        id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        beteckning text PRIMARY KEY,
        organ_id text NOT NULL REFERENCES organ (id),
        ar integer NOT NULL,
        nummer integer,
        datum date,
        rubrik text,
        beslutstext text,
        utfall text CHECK (utfall IN ('BIFALL', 'AVSLAG', 'AVSKRIVNING', 'ATERREMISS', 'BORDLAGT', 'INFORMATION')),
        diarienummer text REFERENCES arende (diarienummer),
        illustrativa_falt text[] NOT NULL DEFAULT '{}',
        UNIQUE (organ_id, ar, nummer)
      )`);
    // Paragraphs without a known date keep the order they were recorded in (id).
    await q.query(`CREATE INDEX paragraf_arende ON paragraf (diarienummer)`);
    await q.query(`
      CREATE TABLE handling (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        diarienummer text NOT NULL REFERENCES arende (diarienummer),
        titel text NOT NULL,
        typ text NOT NULL CHECK (typ IN ('BESLUTSUNDERLAG', 'PROTOKOLLSUTDRAG', 'SKRIVELSE', 'YTTRANDE')),
        datum date,
        UNIQUE (diarienummer, titel)
      )`);
    await q.query(`
      CREATE TABLE uppdrag (
        id text PRIMARY KEY,
        beskrivning text NOT NULL,
        mottagare text NOT NULL,
        givet_i text REFERENCES paragraf (beteckning),
        diarienummer text REFERENCES arende (diarienummer),
        deadline date,
        status text NOT NULL CHECK (status IN ('PAGAENDE', 'ATERRAPPORTERAT', 'AVSKRIVET')),
        aterrapporterad_i text REFERENCES paragraf (beteckning),
        illustrativa_falt text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX uppdrag_arende ON uppdrag (diarienummer)`);
    await q.query(`CREATE INDEX uppdrag_pagaende ON uppdrag (deadline) WHERE status = 'PAGAENDE'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['uppdrag', 'handling', 'paragraf', 'beslutspunkt', 'arende_status', 'arende', 'organ', 'kommun']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
