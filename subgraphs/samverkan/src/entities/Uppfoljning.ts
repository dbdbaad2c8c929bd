import { EntitySchema } from 'typeorm';

/** A follow-up of a collaboration, reported in an ärende in some kommun's subgraph. */
export interface Uppfoljning {
  id: string;
  samverkanId: string;
  datum: string;
  sammanfattning: string;
  arendeKommunkod: string | null;
  arendeDiarienummer: string | null;
  nastaAterrapportering: string | null;
  illustrativaFalt: string[];
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const UppfoljningEntity = new EntitySchema<Uppfoljning>({
  name: 'Uppfoljning',
  tableName: 'uppfoljning',
  columns: {
    id: { type: 'text', primary: true },
    samverkanId: { type: 'text', name: 'samverkan_id' },
    datum: { type: 'date' },
    sammanfattning: { type: 'text' },
    arendeKommunkod: { type: 'text', name: 'arende_kommunkod', nullable: true },
    arendeDiarienummer: { type: 'text', name: 'arende_diarienummer', nullable: true },
    nastaAterrapportering: { type: 'date', name: 'nasta_aterrapportering', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});
