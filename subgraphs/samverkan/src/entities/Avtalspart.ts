import { EntitySchema } from 'typeorm';

export type Avtalsroll = 'VARDKOMMUN' | 'PART';

/** A kommun's part in an agreement. */
export interface Avtalspart {
  /** Insertion order; the order the parties are listed in. */
  id: string;
  avtalId: string;
  kommunkod: string;
  roll: Avtalsroll | null;
  /** Share of the cost, 0 to 1. */
  kostnadsandel: number | null;
}

export const AvtalspartEntity = new EntitySchema<Avtalspart>({
  name: 'Avtalspart',
  tableName: 'avtalspart',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    avtalId: { type: 'text', name: 'avtal_id', primary: true },
    kommunkod: { type: 'text', primary: true },
    roll: { type: 'text', nullable: true },
    kostnadsandel: {
      type: 'numeric',
      nullable: true,
      // pg returns numeric as a string so as not to lose precision; a share fits a JS number.
      transformer: {
        from: (value: string | null) => (value === null ? null : Number(value)),
        to: (value: number | null) => value,
      },
    },
  },
});
