import { EntitySchema } from 'typeorm';

/** A collaboration between kommuner. */
export interface Samverkan {
  id: string;
  namn: string;
  beskrivning: string | null;
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const SamverkanEntity = new EntitySchema<Samverkan>({
  name: 'Samverkan',
  tableName: 'samverkan',
  columns: {
    id: { type: 'text', primary: true },
    namn: { type: 'text' },
    beskrivning: { type: 'text', nullable: true },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
