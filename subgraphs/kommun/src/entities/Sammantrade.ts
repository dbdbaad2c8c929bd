import { EntitySchema } from 'typeorm';

export type Sammantradesstatus = 'PLANERAT' | 'GENOMFORT' | 'INSTALLT';

/** A meeting of one of the kommun's organs. */
export interface Sammantrade {
  id: string;
  organId: string;
  /** The meeting day; null when the source does not give it. */
  datum: string | null;
  borjar: Date | null;
  plats: string | null;
  status: Sammantradesstatus;
  illustrativaFalt: string[];
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const SammantradeEntity = new EntitySchema<Sammantrade>({
  name: 'Sammantrade',
  tableName: 'sammantrade',
  columns: {
    id: { type: 'text', primary: true },
    organId: { type: 'text', name: 'organ_id' },
    datum: { type: 'date', nullable: true },
    borjar: { type: 'timestamptz', nullable: true },
    plats: { type: 'text', nullable: true },
    status: { type: 'text' },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});

/** One numbered item of a meeting's dagordning. */
export interface Dagordningspunkt {
  sammantradeId: string;
  nummer: number;
  rubrik: string | null;
  diarienummer: string | null;
  /** The beteckning of the paragraph the item was decided in, once it was. */
  paragraf: string | null;
  illustrativaFalt: string[];
}

export const DagordningspunktEntity = new EntitySchema<Dagordningspunkt>({
  name: 'Dagordningspunkt',
  tableName: 'dagordningspunkt',
  columns: {
    sammantradeId: { type: 'text', name: 'sammantrade_id', primary: true },
    nummer: { type: 'integer', primary: true },
    rubrik: { type: 'text', nullable: true },
    diarienummer: { type: 'text', nullable: true },
    paragraf: { type: 'text', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
  },
});

/** A meeting's protokoll: when it was justerat and when that was announced on the anslagstavla. */
export interface Protokoll {
  sammantradeId: string;
  justeringsdag: string | null;
  anslagsdag: string | null;
  illustrativaFalt: string[];
}

export const ProtokollEntity = new EntitySchema<Protokoll>({
  name: 'Protokoll',
  tableName: 'protokoll',
  columns: {
    sammantradeId: { type: 'text', name: 'sammantrade_id', primary: true },
    justeringsdag: { type: 'date', nullable: true },
    anslagsdag: { type: 'date', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
  },
});

/** An extract of a protokoll sent (expedierat) to someone, e.g. "Kommunchefen". */
export interface Protokollsutdrag {
  id: string;
  sammantradeId: string;
  mottagare: string;
  expedierat: string | null;
  /** The year of expedition, when the source gives only that ("Exp / 2020"). */
  expedieratAr: number | null;
}

export const ProtokollsutdragEntity = new EntitySchema<Protokollsutdrag>({
  name: 'Protokollsutdrag',
  tableName: 'protokollsutdrag',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    sammantradeId: { type: 'text', name: 'sammantrade_id' },
    mottagare: { type: 'text' },
    expedierat: { type: 'date', nullable: true },
    expedieratAr: { type: 'integer', name: 'expedierat_ar', nullable: true },
  },
});

/** One member who justerade a protokoll. */
export interface ProtokollJusterare {
  sammantradeId: string;
  ledamotId: string;
}

export const ProtokollJusterareEntity = new EntitySchema<ProtokollJusterare>({
  name: 'ProtokollJusterare',
  tableName: 'protokoll_justerare',
  columns: {
    sammantradeId: { type: 'text', name: 'sammantrade_id', primary: true },
    ledamotId: { type: 'text', name: 'ledamot_id', primary: true },
  },
});

/** One member present at a meeting. */
export interface Narvaro {
  sammantradeId: string;
  ledamotId: string;
}

export const NarvaroEntity = new EntitySchema<Narvaro>({
  name: 'Narvaro',
  tableName: 'narvaro',
  columns: {
    sammantradeId: { type: 'text', name: 'sammantrade_id', primary: true },
    ledamotId: { type: 'text', name: 'ledamot_id', primary: true },
  },
});
