import { EntitySchema } from 'typeorm';

export type Uppdragsstatus = 'PAGAENDE' | 'ATERRAPPORTERAT' | 'AVSKRIVET';

export interface Uppdrag {
  id: string;
  beskrivning: string;
  mottagare: string;
  givetI: string | null;
  diarienummer: string | null;
  deadline: string | null;
  status: Uppdragsstatus;
  aterrapporteradI: string | null;
  illustrativaFalt: string[];
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const UppdragEntity = new EntitySchema<Uppdrag>({
  name: 'Uppdrag',
  tableName: 'uppdrag',
  columns: {
    id: { type: 'text', primary: true },
    beskrivning: { type: 'text' },
    mottagare: { type: 'text' },
    givetI: { type: 'text', name: 'givet_i', nullable: true },
    diarienummer: { type: 'text', nullable: true },
    deadline: { type: 'date', nullable: true },
    status: { type: 'text' },
    aterrapporteradI: { type: 'text', name: 'aterrapporterad_i', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
