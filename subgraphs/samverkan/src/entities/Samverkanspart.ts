import { EntitySchema } from 'typeorm';

export type Partsstatus = 'ANSLUTEN' | 'FORESLAGEN' | 'INTRESSERAD';

/** A kommun's place in a collaboration; the kommun itself lives in its own subgraph. */
export interface Samverkanspart {
  /** Insertion order; the order the parties are listed in. */
  id: string;
  samverkanId: string;
  kommunkod: string;
  status: Partsstatus;
  sedan: string | null;
  illustrativaFalt: string[];
}

export const SamverkanspartEntity = new EntitySchema<Samverkanspart>({
  name: 'Samverkanspart',
  tableName: 'samverkan_part',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    samverkanId: { type: 'text', name: 'samverkan_id', primary: true },
    kommunkod: { type: 'text', primary: true },
    status: { type: 'text' },
    sedan: { type: 'date', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
  },
});
