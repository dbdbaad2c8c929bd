import { EntitySchema } from 'typeorm';
import type { Omradesstatus } from './Samverkansomrade';

/** One status change of an area, with the paragraph (in some kommun) that decided it. */
export interface OmradeStatus {
  id: string;
  omradeId: string;
  /** Position in the area's history; with omradeId the natural key the seed relies on. */
  ordning: number;
  status: Omradesstatus;
  datum: string;
  kommentar: string | null;
  beslutKommunkod: string | null;
  beslutBeteckning: string | null;
  illustrativaFalt: string[];
}

export const OmradeStatusEntity = new EntitySchema<OmradeStatus>({
  name: 'OmradeStatus',
  tableName: 'omrade_status',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    omradeId: { type: 'text', name: 'omrade_id' },
    ordning: { type: 'integer' },
    status: { type: 'text' },
    datum: { type: 'date' },
    kommentar: { type: 'text', nullable: true },
    beslutKommunkod: { type: 'text', name: 'beslut_kommunkod', nullable: true },
    beslutBeteckning: { type: 'text', name: 'beslut_beteckning', nullable: true },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
  },
});
