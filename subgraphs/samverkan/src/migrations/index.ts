import { Initial1732700000000 } from './1732700000000-Initial';
import { Behorighet1733000000000 } from './1733000000000-Behorighet';
import { LikalydandeBeslut1734100000000 } from './1734100000000-LikalydandeBeslut';
import { Idempotens1733200000000 } from '#subgraph-kit/idempotency';
import { Andringsflode1734200000000 } from './1734200000000-Andringsflode';

/** Every migration in order; a new one is appended here (with GRANTs to APP_ROLE for a new table). */
export const migrations = [
  Initial1732700000000,
  Behorighet1733000000000,
  Idempotens1733200000000,
  LikalydandeBeslut1734100000000,
  Andringsflode1734200000000,
];
