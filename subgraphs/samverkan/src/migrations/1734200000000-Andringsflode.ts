import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installChangeFeed, putOnChangeFeed, touchOnChange } from '#subgraph-kit/changeFeed';

/**
 * The samverkan lists on the sync feed (see `#subgraph-kit/changeFeed`): collaborations, areas,
 * agreements and follow-ups get `andrad_xid` and `uppdaterad` from a trigger and a tombstone for
 * each deleted row. A change of a part (an area's parties, decisions and ärenden; an agreement's
 * parties; a collaboration's parties) is a change of what it belongs to.
 */
export class Andringsflode1734200000000 implements MigrationInterface {
  name = 'Andringsflode1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await installChangeFeed(q);
    await putOnChangeFeed(q, 'samverkan', { typ: 'Samverkan' });
    await putOnChangeFeed(q, 'samverkansomrade', { typ: 'Samverkansomrade' });
    await putOnChangeFeed(q, 'avtal', { typ: 'Avtal' });
    await putOnChangeFeed(q, 'uppfoljning', { typ: 'Uppfoljning' });
    await touchOnChange(q, 'samverkan_part', 'samverkan_id', 'samverkan');
    for (const part of ['omrade_status', 'omrade_part', 'omrade_beslut', 'omrade_arende']) {
      await touchOnChange(q, part, 'omrade_id', 'samverkansomrade');
    }
    await touchOnChange(q, 'avtalspart', 'avtal_id', 'avtal');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [part, parent] of [
      ['samverkan_part', 'samverkan'],
      ['omrade_status', 'samverkansomrade'],
      ['omrade_part', 'samverkansomrade'],
      ['omrade_beslut', 'samverkansomrade'],
      ['omrade_arende', 'samverkansomrade'],
      ['avtalspart', 'avtal'],
    ]) {
      await q.query(`DROP TRIGGER ${part}_andrar_${parent} ON ${part}`);
    }
    for (const table of ['uppfoljning', 'avtal', 'samverkansomrade', 'samverkan']) {
      await q.query(`DROP TRIGGER ${table}_andringsflode ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_borttagen ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_nyckel_bytt ON ${table}`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN andrad_xid, DROP COLUMN uppdaterad`);
    }
    await q.query(`DROP TABLE borttagen`);
    await q.query(`DROP FUNCTION andringsflode_rora()`);
    await q.query(`DROP FUNCTION andringsflode_borttagen()`);
    await q.query(`DROP FUNCTION andringsflode_stampla()`);
  }
}
