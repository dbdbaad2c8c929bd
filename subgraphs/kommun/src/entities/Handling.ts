import { EntitySchema } from 'typeorm';

export type Handlingstyp = 'BESLUTSUNDERLAG' | 'PROTOKOLLSUTDRAG' | 'SKRIVELSE' | 'YTTRANDE';

export interface Handling {
  id: string;
  diarienummer: string;
  titel: string;
  typ: Handlingstyp;
  datum: string | null;
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const HandlingEntity = new EntitySchema<Handling>({
  name: 'Handling',
  tableName: 'handling',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    diarienummer: { type: 'text' },
    titel: { type: 'text' },
    typ: { type: 'text' },
    datum: { type: 'date', nullable: true },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
