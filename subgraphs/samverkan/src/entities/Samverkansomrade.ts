import { EntitySchema } from 'typeorm';

export type Omradesstatus = 'IDENTIFIERAT' | 'UTREDS' | 'STARTAT' | 'AVVAKTAR' | 'AVSKRIVET' | 'AVSLUTAT';
export type Samverkansform = 'GEMENSAM_ORGANISATION' | 'TJANSTEKOP' | 'FORDJUPAD_SAMVERKAN';

/** An area of a collaboration; `status` is the current one, its history is in OmradeStatus. */
export interface Samverkansomrade {
  id: string;
  samverkanId: string;
  namn: string;
  beskrivning: string | null;
  status: Omradesstatus;
  form: Samverkansform | null;
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const SamverkansomradeEntity = new EntitySchema<Samverkansomrade>({
  name: 'Samverkansomrade',
  tableName: 'samverkansomrade',
  columns: {
    id: { type: 'text', primary: true },
    samverkanId: { type: 'text', name: 'samverkan_id' },
    namn: { type: 'text' },
    beskrivning: { type: 'text', nullable: true },
    status: { type: 'text' },
    form: { type: 'text', nullable: true },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
