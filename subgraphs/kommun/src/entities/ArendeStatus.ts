import { EntitySchema } from 'typeorm';
import type { Arendestatus } from './Arende';

/** One row of an ärende's status history. */
export interface ArendeStatus {
  id: string;
  diarienummer: string;
  status: Arendestatus;
  datum: string;
  kommentar: string | null;
}

export const ArendeStatusEntity = new EntitySchema<ArendeStatus>({
  name: 'ArendeStatus',
  tableName: 'arende_status',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    diarienummer: { type: 'text' },
    status: { type: 'text' },
    datum: { type: 'date' },
    kommentar: { type: 'text', nullable: true },
  },
});
