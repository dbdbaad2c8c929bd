import { EntitySchema } from 'typeorm';

export type Arendestatus = 'OPPET' | 'VILANDE' | 'STANGT' | 'MAKULERAT';

export interface Arende {
  /** Insertion order; breaks ties in the list order and backs the cursor. */
  id: string;
  diarienummer: string;
  rubrik: string;
  beskrivning: string | null;
  status: Arendestatus;
  registrerad: string;
  ansvarigtOrganId: string | null;
  sekretessLagrum: string | null;
  sekretessBeskrivning: string | null;
  version: number;
  uppdaterad: Date;
  illustrativaFalt: string[];
}

export const ArendeEntity = new EntitySchema<Arende>({
  name: 'Arende',
  tableName: 'arende',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    diarienummer: { type: 'text', primary: true },
    rubrik: { type: 'text' },
    beskrivning: { type: 'text', nullable: true },
    status: { type: 'text' },
    registrerad: { type: 'date' },
    ansvarigtOrganId: { type: 'text', name: 'ansvarigt_organ_id', nullable: true },
    sekretessLagrum: { type: 'text', name: 'sekretess_lagrum', nullable: true },
    sekretessBeskrivning: { type: 'text', name: 'sekretess_beskrivning', nullable: true },
    version: { type: 'integer', default: 1 },
    uppdaterad: { type: 'timestamptz', default: () => 'now()' },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
  },
});
