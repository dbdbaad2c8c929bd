import { EntitySchema } from 'typeorm';

export type Organtyp = 'FULLMAKTIGE' | 'STYRELSE' | 'NAMND' | 'GEMENSAM_NAMND' | 'UTSKOTT';

export interface Organ {
  id: string;
  kortnamn: string;
  namn: string;
  typ: Organtyp;
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const OrganEntity = new EntitySchema<Organ>({
  name: 'Organ',
  tableName: 'organ',
  columns: {
    id: { type: 'text', primary: true },
    kortnamn: { type: 'text', unique: true },
    namn: { type: 'text' },
    typ: { type: 'text' },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
