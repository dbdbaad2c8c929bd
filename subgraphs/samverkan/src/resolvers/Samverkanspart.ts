import type { Samverkanspart as SamverkanspartRow } from '../entities/Samverkanspart';
import { kommunRef } from './references';

export const Samverkanspart = {
  kommun: (row: SamverkanspartRow) => kommunRef(row.kommunkod),
};
