import type { MigrationInterface, QueryRunner } from 'typeorm';
import { putOnChangeFeed, touchOnChange } from '#subgraph-kit/changeFeed';

/** The tables whose rows are parts of a meeting. */
const PARTS_OF_SAMMANTRADE = ['dagordningspunkt', 'protokoll', 'protokollsutdrag', 'protokoll_justerare', 'narvaro'];

/**
 * Meetings and members on the sync feed (see `#subgraph-kit/changeFeed`). A change of a meeting's
 * dagordning, protokoll, protocol extracts, justerare or attendance is a change of the meeting; a
 * change of a member's memberships is a change of the member.
 */
export class SammantradenAndringsflode1734300000000 implements MigrationInterface {
  name = 'SammantradenAndringsflode1734300000000';

  async up(q: QueryRunner): Promise<void> {
    await putOnChangeFeed(q, 'sammantrade', { typ: 'Sammantrade' });
    await putOnChangeFeed(q, 'ledamot', { typ: 'Ledamot' });
    for (const part of PARTS_OF_SAMMANTRADE) await touchOnChange(q, part, 'sammantrade_id', 'sammantrade');
    await touchOnChange(q, 'ledamotskap', 'ledamot_id', 'ledamot');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const part of PARTS_OF_SAMMANTRADE) await q.query(`DROP TRIGGER ${part}_andrar_sammantrade ON ${part}`);
    await q.query(`DROP TRIGGER ledamotskap_andrar_ledamot ON ledamotskap`);
    for (const table of ['ledamot', 'sammantrade']) {
      await q.query(`DROP TRIGGER ${table}_andringsflode ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_borttagen ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_nyckel_bytt ON ${table}`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN andrad_xid, DROP COLUMN uppdaterad`);
    }
  }
}
