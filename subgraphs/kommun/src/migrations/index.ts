import { Initial1732600000000 } from './1732600000000-Initial';
import { Skrivningar1732800000000 } from './1732800000000-Skrivningar';
import { Sekretess1733000000000 } from './1733000000000-Sekretess';
import { Idempotens1733200000000 } from '#subgraph-kit/idempotency';
import { Andringsordning1733400000000 } from './1733400000000-Andringsordning';
import { Sammantraden1734000000000 } from './1734000000000-Sammantraden';
import { Handlingsfiler1734100000000 } from './1734100000000-Handlingsfiler';
import { Andringsflode1734200000000 } from './1734200000000-Andringsflode';
import { SammantradenAndringsflode1734300000000 } from './1734300000000-SammantradenAndringsflode';
import { SammantradeSkrivningar1734400000000 } from './1734400000000-SammantradeSkrivningar';

/** Every migration in order; a new one is appended here (with GRANTs to APP_ROLE for a new table). */
export const migrations = [
  Initial1732600000000,
  Skrivningar1732800000000,
  Sekretess1733000000000,
  Idempotens1733200000000,
  Andringsordning1733400000000,
  Sammantraden1734000000000,
  Handlingsfiler1734100000000,
  Andringsflode1734200000000,
  SammantradenAndringsflode1734300000000,
  SammantradeSkrivningar1734400000000,
];
