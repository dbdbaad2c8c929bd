import { EntitySchema } from 'typeorm';

/** An agreement between kommuner within an area. */
export interface Avtal {
  id: string;
  omradeId: string;
  namn: string;
  tecknat: string | null;
  giltigFran: string | null;
  giltigTill: string | null;
  rattsligGrund: string | null;
  resurs: string | null;
  illustrativaFalt: string[];
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const AvtalEntity = new EntitySchema<Avtal>({
  name: 'Avtal',
  tableName: 'avtal',
  columns: {
    id: { type: 'text', primary: true },
    omradeId: { type: 'text', name: 'omrade_id' },
    namn: { type: 'text' },
    tecknat: { type: 'date', nullable: true },
    giltigFran: { type: 'date', name: 'giltig_fran', nullable: true },
    giltigTill: { type: 'date', name: 'giltig_till', nullable: true },
    rattsligGrund: { type: 'text', name: 'rattslig_grund', nullable: true },
    resurs: { type: 'text', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
