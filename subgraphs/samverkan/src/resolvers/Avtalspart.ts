import type { Avtalspart as AvtalspartRow } from '../entities/Avtalspart';
import { kommunRef } from './references';

export const Avtalspart = {
  kommun: (row: AvtalspartRow) => kommunRef(row.kommunkod),
};
