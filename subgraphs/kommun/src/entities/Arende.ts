import { EntitySchema } from 'typeorm';

export type Arendestatus = 'OPPET' | 'VILANDE' | 'STANGT' | 'MAKULERAT';

/**
 * An ärende as the repositories return it: its public record (table `arende`) with its content
 * (table `arende_innehall`). The content of a restricted ärende is null when the request may not
 * read it: row-level security withholds those rows.
 */
export interface Arende {
  /** Insertion order; breaks ties in the list order and backs the cursor. */
  id: string;
  diarienummer: string;
  rubrik: string | null;
  beskrivning: string | null;
  status: Arendestatus;
  registrerad: string;
  ansvarigtOrganId: string | null;
  sekretessLagrum: string | null;
  sekretessBeskrivning: string | null;
  version: number;
  uppdaterad: Date;
  illustrativaFalt: string[];
  /** The transaction of its last change (its place in the sync feed's commit order); read, never written. */
  andradXid?: string;
}

/** The public record: what a public diarium shows of every ärende, restricted or not. */
export type Arendepost = Omit<Arende, 'rubrik' | 'beskrivning'>;

export const ArendeEntity = new EntitySchema<Arendepost>({
  name: 'Arende',
  tableName: 'arende',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    diarienummer: { type: 'text', primary: true },
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

/** An ärende's content; row-level secured when the ärende is restricted. */
export interface ArendeInnehall {
  diarienummer: string;
  rubrik: string;
  beskrivning: string | null;
}

export const ArendeInnehallEntity = new EntitySchema<ArendeInnehall>({
  name: 'ArendeInnehall',
  tableName: 'arende_innehall',
  columns: {
    diarienummer: { type: 'text', primary: true },
    rubrik: { type: 'text' },
    beskrivning: { type: 'text', nullable: true },
  },
});
