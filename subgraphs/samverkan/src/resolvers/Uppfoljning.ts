import type { Uppfoljning as UppfoljningRow } from '../entities/Uppfoljning';
import { arendeRef } from './references';

export const Uppfoljning = {
  arende: (row: UppfoljningRow) =>
    row.arendeKommunkod && row.arendeDiarienummer ? arendeRef(row.arendeKommunkod, row.arendeDiarienummer) : null,
};
