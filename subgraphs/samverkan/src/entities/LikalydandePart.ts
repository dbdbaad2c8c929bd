import { EntitySchema } from 'typeorm';

/** A kommun expected to take a likalydande beslut, and whether (and in which paragraph) it has. */
export interface LikalydandePart {
  /** Insertion order; the order the parties are listed in. */
  id: string;
  beslutId: string;
  kommunkod: string;
  beslutat: boolean;
  /** The kommun's paragraph; null when it has not decided or the paragraph is not known. */
  paragrafBeteckning: string | null;
  /** What the source says of the decision. */
  uppgift: string | null;
}

export const LikalydandePartEntity = new EntitySchema<LikalydandePart>({
  name: 'LikalydandePart',
  tableName: 'likalydande_part',
  columns: {
    id: { type: 'bigint', generated: 'increment', unique: true },
    beslutId: { type: 'text', name: 'beslut_id', primary: true },
    kommunkod: { type: 'text', primary: true },
    beslutat: { type: 'boolean', default: false },
    paragrafBeteckning: { type: 'text', name: 'paragraf_beteckning', nullable: true },
    uppgift: { type: 'text', nullable: true },
  },
});
