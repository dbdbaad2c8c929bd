import pg from 'pg';

/**
 * Adds `count` ärenden to a kommun's database, each with a status, a point of decision, a
 * document, a paragraph and an assignment, under an organ of its own (BENCH), so that the
 * bench's lists (20 ärenden, 10 and 100 items) are full. Registered in 2026: newest first, they
 * head every list. Idempotent. Follows the tables of subgraphs/kommun/src/migrations, as the SQL test
 * in test/integration/kommunSubgraph.test.ts does: a migration that moves a column must update both.
 */
export async function addBenchArenden(databaseUrl: string, count = 120): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO organ (id, kortnamn, namn, typ) VALUES ('BENCH', 'BENCH', 'Bänknämnden', 'NAMND') ON CONFLICT DO NOTHING;
      INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id)
        SELECT 'BENCH 2026/' || i, 'OPPET', date '2026-01-01' + i, 'BENCH' FROM generate_series(1, ${count}) i
        ON CONFLICT DO NOTHING;
      INSERT INTO arende_innehall (diarienummer, rubrik)
        SELECT diarienummer, 'Bänkärende ' || substr(diarienummer, 12) FROM arende a
        WHERE diarienummer LIKE 'BENCH %' AND NOT EXISTS (SELECT 1 FROM arende_innehall i WHERE i.diarienummer = a.diarienummer);
      INSERT INTO arende_status (diarienummer, status, datum)
        SELECT diarienummer, 'OPPET', registrerad FROM arende a
        WHERE diarienummer LIKE 'BENCH %' AND NOT EXISTS (SELECT 1 FROM arende_status s WHERE s.diarienummer = a.diarienummer);
      INSERT INTO beslutspunkt (diarienummer, nummer, text)
        SELECT diarienummer, 1, 'Besluta enligt förslaget' FROM arende WHERE diarienummer LIKE 'BENCH %' ON CONFLICT DO NOTHING;
      INSERT INTO handling (diarienummer, titel, typ)
        SELECT diarienummer, 'Skrivelse', 'SKRIVELSE' FROM arende WHERE diarienummer LIKE 'BENCH %' ON CONFLICT DO NOTHING;
      INSERT INTO paragraf (beteckning, organ_id, ar, nummer, diarienummer)
        SELECT 'BENCH 2026 § ' || i, 'BENCH', 2026, i, 'BENCH 2026/' || i FROM generate_series(1, ${count}) i ON CONFLICT DO NOTHING;
      INSERT INTO uppdrag (id, beskrivning, mottagare, givet_i, diarienummer, deadline, status)
        SELECT 'bench-' || i, 'Utred', 'Kommunchefen', 'BENCH 2026 § ' || i, 'BENCH 2026/' || i, date '2026-06-01', 'PAGAENDE'
        FROM generate_series(1, ${count}) i ON CONFLICT DO NOTHING;
    `);
  } finally {
    await client.end();
  }
}
