import { EntitySchema } from 'typeorm';

/**
 * An elected member (förtroendevald) in their public role only: the name and party the
 * protocols and the kommun's public lists show. No other personal data is kept.
 */
export interface Ledamot {
  id: string;
  namn: string;
  parti: string | null;
  illustrativaFalt: string[];
  /** When the row last changed, stamped by the change feed's trigger (by the clock, not commit order). */
  uppdaterad: Date;
}

export const LedamotEntity = new EntitySchema<Ledamot>({
  name: 'Ledamot',
  tableName: 'ledamot',
  columns: {
    id: { type: 'text', primary: true },
    namn: { type: 'text' },
    parti: { type: 'text', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
    uppdaterad: { type: 'timestamptz', insert: false, update: false },
  },
});

export type Ledamotsroll = 'ORDFORANDE' | 'VICE_ORDFORANDE' | 'LEDAMOT' | 'ERSATTARE';

/** A member's seat in an organ, in one role, for a period. */
export interface Ledamotskap {
  id: string;
  ledamotId: string;
  organId: string;
  roll: Ledamotsroll;
  fran: string | null;
  till: string | null;
}

export const LedamotskapEntity = new EntitySchema<Ledamotskap>({
  name: 'Ledamotskap',
  tableName: 'ledamotskap',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    ledamotId: { type: 'text', name: 'ledamot_id' },
    organId: { type: 'text', name: 'organ_id' },
    roll: { type: 'text' },
    fran: { type: 'date', nullable: true },
    till: { type: 'date', nullable: true },
  },
});
