import fs from 'node:fs';
import path from 'node:path';
import { entityTypePolicies } from '../../../dashboard/src/lib/entityPolicies';
import { writeErrorInWords } from '../../../dashboard/src/lib/writeErrors';
import { entityKeysOf } from '../../../scripts/entityKeys';

const supergraph = fs.readFileSync(path.resolve(__dirname, '../../../schema/supergraph.graphql'), 'utf8');

describe('the dashboard cache’s entity keys', () => {
  it('are read from the supergraph’s @key fields', () => {
    const keys = entityKeysOf(supergraph);
    expect(keys).toMatchObject({
      Kommun: ['kommunkod'],
      Organ: ['kommunkod', 'id'],
      Paragraf: ['kommunkod', 'beteckning'],
      Samverkansomrade: ['id'],
      Uppdrag: ['kommunkod', 'id'],
    });
    // Value types have no key and are not normalised.
    expect(keys).not.toHaveProperty('Statusandring');
  });

  it('refuse a type whose subgraphs disagree on its key', () => {
    const sdl = `type T @join__type(graph: A, key: "id") @join__type(graph: B, key: "kommunkod id") { id: ID! kommunkod: ID! }`;
    expect(() => entityKeysOf(sdl)).toThrow('T has two keys');
  });

  it('identify an organ by kommun and id, and leave an object without its key embedded', () => {
    const { Organ } = entityTypePolicies(entityKeysOf(supergraph));
    expect(Organ.keyFields({ __typename: 'Organ', kommunkod: '2262', id: 'KS', kortnamn: 'KS' })).toEqual(['kommunkod', 'id']);
    expect(Organ.keyFields({ __typename: 'Organ', kortnamn: 'KS', namn: 'Kommunstyrelsen' })).toBe(false);
  });
});

describe('a refused write in words', () => {
  it('says what each code means and which field to fix', () => {
    const words = (code: string, field?: string) =>
      writeErrorInWords({ message: 'server text', extensions: { code, ...(field ? { field } : {}) } });
    expect(words('FORBIDDEN')).toMatch(/^Inte behörig: bara en SAMORDNARE/);
    expect(words('CONFLICT')).toMatch(/^Konflikt: /);
    expect(words('BAD_USER_INPUT', 'datum')).toMatch(/^Felaktig uppgift \(fältet Datum\)/);
    expect(words('BAD_USER_INPUT', 'datum')).toContain('Systemets beskrivning: server text');
  });
});
