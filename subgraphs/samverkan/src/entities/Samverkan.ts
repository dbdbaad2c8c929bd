import { EntitySchema } from 'typeorm';

/** A collaboration between kommuner. */
export interface Samverkan {
  id: string;
  namn: string;
  beskrivning: string | null;
}

export const SamverkanEntity = new EntitySchema<Samverkan>({
  name: 'Samverkan',
  tableName: 'samverkan',
  columns: {
    id: { type: 'text', primary: true },
    namn: { type: 'text' },
    beskrivning: { type: 'text', nullable: true },
  },
});
