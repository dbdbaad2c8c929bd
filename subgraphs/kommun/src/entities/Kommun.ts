import { EntitySchema } from 'typeorm';

/** The one kommun this database belongs to; checked against configuration at start. */
export interface Kommun {
  kommunkod: string;
  namn: string;
  lan: string;
}

export const KommunEntity = new EntitySchema<Kommun>({
  name: 'Kommun',
  tableName: 'kommun',
  columns: {
    kommunkod: { type: 'text', primary: true },
    namn: { type: 'text' },
    lan: { type: 'text' },
  },
});
