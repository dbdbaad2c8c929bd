import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '#subgraph-kit/appRole';
import { touchOnChange } from '#subgraph-kit/changeFeed';

/**
 * What the writes of meetings, protocols and members need of the app role, and no more: it
 * inserts meetings, their items, protocols, justerare, members and memberships; it updates only
 * the columns a write changes (a meeting's status when it is cancelled or justerat, the protocol's
 * days, the end of a membership); and it deletes only dagordning items, which a changed dagordning
 * replaces while the protokoll is not yet justerat. Every one of these tables is part of a
 * meeting or member on the sync feed, whose triggers record the change.
 *
 * An item that names a paragraph is where the paragraph was decided (`Paragraf.sammantrade`,
 * `beslutadAv`): a change of an item's paragraph is a change of that paragraph too, on the
 * paragraphs' feed, now that items change after the paragraphs they name.
 */
export class SammantradeSkrivningar1734400000000 implements MigrationInterface {
  name = 'SammantradeSkrivningar1734400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `GRANT INSERT ON sammantrade, dagordningspunkt, protokoll, protokoll_justerare, ledamot, ledamotskap TO ${APP_ROLE}`,
    );
    await q.query(`GRANT UPDATE (status) ON sammantrade TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE (justeringsdag, anslagsdag) ON protokoll TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE (till) ON ledamotskap TO ${APP_ROLE}`);
    await q.query(`GRANT DELETE ON dagordningspunkt TO ${APP_ROLE}`);
    await touchOnChange(q, 'dagordningspunkt', 'paragraf', 'paragraf', 'beteckning');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER dagordningspunkt_andrar_paragraf ON dagordningspunkt`);
    await q.query(`REVOKE DELETE ON dagordningspunkt FROM ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE (till) ON ledamotskap FROM ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE (justeringsdag, anslagsdag) ON protokoll FROM ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE (status) ON sammantrade FROM ${APP_ROLE}`);
    await q.query(
      `REVOKE INSERT ON sammantrade, dagordningspunkt, protokoll, protokoll_justerare, ledamot, ledamotskap FROM ${APP_ROLE}`,
    );
  }
}
