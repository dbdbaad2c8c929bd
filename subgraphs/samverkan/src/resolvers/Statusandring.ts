import type { OmradeStatus as OmradeStatusRow } from '../entities/OmradeStatus';
import { paragrafRef } from './references';

export const Statusandring = {
  beslut: (row: OmradeStatusRow) =>
    row.beslutKommunkod && row.beslutBeteckning ? paragrafRef(row.beslutKommunkod, row.beslutBeteckning) : null,
};
