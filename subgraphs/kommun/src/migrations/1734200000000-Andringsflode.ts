import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installChangeFeed, putOnChangeFeed, recordDeletions } from '#subgraph-kit/changeFeed';

/**
 * Every list of the kommun on the sync feed (see `#subgraph-kit/changeFeed`): paragraphs,
 * assignments, documents and organs get `andrad_xid` and `uppdaterad` from a trigger, and every
 * list, the ärenden too, a tombstone for each deleted row. The service deletes nothing; an admin
 * in psql or a restore may, and the feed reports it.
 */
export class Andringsflode1734200000000 implements MigrationInterface {
  name = 'Andringsflode1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await installChangeFeed(q);
    await recordDeletions(q, 'arende', 'Arende', 'diarienummer');
    await putOnChangeFeed(q, 'paragraf', { typ: 'Paragraf', key: 'beteckning' });
    await putOnChangeFeed(q, 'uppdrag', { typ: 'Uppdrag' });
    await putOnChangeFeed(q, 'handling', { typ: 'Handling' });
    await putOnChangeFeed(q, 'organ', { typ: 'Organ' });
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['organ', 'handling', 'uppdrag', 'paragraf']) {
      await q.query(`DROP TRIGGER ${table}_andringsflode ON ${table}`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN andrad_xid, DROP COLUMN uppdaterad`);
    }
    for (const table of ['organ', 'handling', 'uppdrag', 'paragraf', 'arende']) {
      await q.query(`DROP TRIGGER ${table}_borttagen ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_nyckel_bytt ON ${table}`);
    }
    await q.query(`DROP TABLE borttagen`);
    await q.query(`DROP FUNCTION andringsflode_rora()`);
    await q.query(`DROP FUNCTION andringsflode_borttagen()`);
    await q.query(`DROP FUNCTION andringsflode_stampla()`);
  }
}
