import { EntitySchema } from 'typeorm';

export type Organtyp = 'FULLMAKTIGE' | 'STYRELSE' | 'NAMND' | 'GEMENSAM_NAMND' | 'UTSKOTT';

export interface Organ {
  id: string;
  kortnamn: string;
  namn: string;
  typ: Organtyp;
}

export const OrganEntity = new EntitySchema<Organ>({
  name: 'Organ',
  tableName: 'organ',
  columns: {
    id: { type: 'text', primary: true },
    kortnamn: { type: 'text', unique: true },
    namn: { type: 'text' },
    typ: { type: 'text' },
  },
});
