import { EntitySchema } from 'typeorm';

/** A kommun taking part in an area. */
export interface OmradePart {
  /** Insertion order; the order the parties are listed in. */
  id: string;
  omradeId: string;
  kommunkod: string;
}

export const OmradePartEntity = new EntitySchema<OmradePart>({
  name: 'OmradePart',
  tableName: 'omrade_part',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    omradeId: { type: 'text', name: 'omrade_id', primary: true },
    kommunkod: { type: 'text', primary: true },
  },
});
