import { EntitySchema } from 'typeorm';

export type Handlingstyp = 'BESLUTSUNDERLAG' | 'PROTOKOLLSUTDRAG' | 'SKRIVELSE' | 'YTTRANDE';

export interface Handling {
  id: string;
  diarienummer: string;
  titel: string;
  typ: Handlingstyp;
  datum: string | null;
  /** The file's description; all four are null while the document has no file. Its bytes are in `handling_fil`. */
  mediatyp: string | null;
  storlek: number | null;
  sha256: string | null;
  filnamn: string | null;
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
    mediatyp: { type: 'text', nullable: true },
    storlek: { type: 'integer', nullable: true },
    sha256: { type: 'text', nullable: true },
    filnamn: { type: 'text', nullable: true },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
