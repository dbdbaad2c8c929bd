import { EntitySchema } from 'typeorm';

/** An ärende in some kommun's subgraph that concerns an area. */
export interface OmradeArende {
  /** Insertion order; the order the ärenden are listed in. */
  id: string;
  omradeId: string;
  kommunkod: string;
  diarienummer: string;
}

export const OmradeArendeEntity = new EntitySchema<OmradeArende>({
  name: 'OmradeArende',
  tableName: 'omrade_arende',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    omradeId: { type: 'text', name: 'omrade_id', primary: true },
    kommunkod: { type: 'text', primary: true },
    diarienummer: { type: 'text', primary: true },
  },
});
