import { EntitySchema } from 'typeorm';

/** One numbered point of an ärende's proposed decision. */
export interface Beslutspunkt {
  diarienummer: string;
  nummer: number;
  text: string;
}

export const BeslutspunktEntity = new EntitySchema<Beslutspunkt>({
  name: 'Beslutspunkt',
  tableName: 'beslutspunkt',
  columns: {
    diarienummer: { type: 'text', primary: true },
    nummer: { type: 'integer', primary: true },
    text: { type: 'text' },
  },
});
