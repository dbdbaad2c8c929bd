import { EntitySchema } from 'typeorm';

export type Handlingstyp = 'BESLUTSUNDERLAG' | 'PROTOKOLLSUTDRAG' | 'SKRIVELSE' | 'YTTRANDE';

export interface Handling {
  id: string;
  diarienummer: string;
  titel: string;
  typ: Handlingstyp;
  datum: string | null;
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
  },
});
