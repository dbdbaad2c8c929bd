import { EntitySchema } from 'typeorm';

/** A paragraph in some kommun's subgraph that decided about an area. */
export interface OmradeBeslut {
  /** Insertion order; the order the decisions are listed in. */
  id: string;
  omradeId: string;
  kommunkod: string;
  beteckning: string;
}

export const OmradeBeslutEntity = new EntitySchema<OmradeBeslut>({
  name: 'OmradeBeslut',
  tableName: 'omrade_beslut',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    omradeId: { type: 'text', name: 'omrade_id', primary: true },
    kommunkod: { type: 'text', primary: true },
    beteckning: { type: 'text', primary: true },
  },
});
