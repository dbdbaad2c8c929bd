import { EntitySchema } from 'typeorm';

export type Utfall = 'BIFALL' | 'AVSLAG' | 'AVSKRIVNING' | 'ATERREMISS' | 'BORDLAGT' | 'INFORMATION';

export interface Paragraf {
  /** Insertion order; orders paragraphs whose date the source does not give. */
  id: string;
  beteckning: string;
  organId: string;
  ar: number;
  nummer: number | null;
  datum: string | null;
  rubrik: string | null;
  beslutstext: string | null;
  utfall: Utfall | null;
  diarienummer: string | null;
  illustrativaFalt: string[];
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const ParagrafEntity = new EntitySchema<Paragraf>({
  name: 'Paragraf',
  tableName: 'paragraf',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    beteckning: { type: 'text', primary: true },
    organId: { type: 'text', name: 'organ_id' },
    ar: { type: 'integer' },
    nummer: { type: 'integer', nullable: true },
    datum: { type: 'date', nullable: true },
    rubrik: { type: 'text', nullable: true },
    beslutstext: { type: 'text', nullable: true },
    utfall: { type: 'text', nullable: true },
    diarienummer: { type: 'text', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
