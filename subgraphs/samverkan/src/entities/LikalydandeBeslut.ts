import { EntitySchema } from 'typeorm';

/** One wording decided by several kommuner, each in its own protocol. */
export interface LikalydandeBeslut {
  id: string;
  samverkanId: string;
  rubrik: string;
  lydelse: string;
  illustrativaFalt: string[];
}

export const LikalydandeBeslutEntity = new EntitySchema<LikalydandeBeslut>({
  name: 'LikalydandeBeslut',
  tableName: 'likalydande_beslut',
  columns: {
    id: { type: 'text', primary: true },
    samverkanId: { type: 'text', name: 'samverkan_id' },
    rubrik: { type: 'text' },
    lydelse: { type: 'text' },
    illustrativaFalt: { type: 'text', array: true, name: 'illustrativa_falt', default: () => "'{}'" },
  },
});
