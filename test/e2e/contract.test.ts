import pg from 'pg';
import { databaseUrl } from '#platform/database/ensureDatabase';
import type { Stack } from '../../scripts/stack';
import { testServerUrl } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { contractFacts } from '../helpers/contractFacts';
import { contractOperation, startTestStack } from '../helpers/stack';

let stack: Stack & { databasePrefix: string };

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(() => stack?.stop());

const run = async (file: string, name: string, variables: Record<string, unknown> = {}) => {
  const response = await postGraphQL(stack.gateway.url, contractOperation(file, name), variables, name);
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data!;
};

describe('contract through the gateway', () => contractFacts(run));

// Last in this file: it adds protocols to two kommuner that the tests above do not expect.
describe('appealable decisions across kommuner, through the kommun router', () => {
  const insert = async (kommunkod: string, sql: string) => {
    const client = new pg.Client({
      connectionString: databaseUrl(testServerUrl(), `${stack.databasePrefix}kommun_${kommunkod}`),
    });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    // A meeting of each kommunstyrelse, posted on the anslagstavla on different days.
    const meeting = (organ: string, datum: string, anslagsdag: string, nummer: number) => `
      INSERT INTO organ (id, kortnamn, namn, typ) VALUES ('KS', 'KS', 'Kommunstyrelsen', 'STYRELSE') ON CONFLICT DO NOTHING;
      INSERT INTO paragraf (beteckning, organ_id, ar, nummer, datum, rubrik, utfall)
        VALUES ('${organ} 2026 § ${nummer}', '${organ}', 2026, ${nummer}, '${datum}', 'Budget 2027', 'BIFALL');
      INSERT INTO sammantrade (id, organ_id, datum, status) VALUES ('ks-${datum}', '${organ}', '${datum}', 'GENOMFORT');
      INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik, paragraf) VALUES ('ks-${datum}', 1, 'Budget 2027', '${organ} 2026 § ${nummer}');
      INSERT INTO protokoll (sammantrade_id, justeringsdag, anslagsdag) VALUES ('ks-${datum}', '${anslagsdag}', '${anslagsdag}');`;
    await insert('2281', meeting('KS', '2026-12-01', '2026-12-03', 301));
    await insert('2280', meeting('KS', '2026-11-20', '2026-11-24', 180));
  });

  it('asks every kommun of the län and lists each one’s decisions in registry order, with its own window', async () => {
    const data = await run('sammantraden.graphql', 'OverklagbaraBeslut', { lan: '22', per: '2026-12-10' });
    expect(
      data.overklagbaraBeslut.map(
        (b: { kommunkod: string; anslagsdag: string; overklagandetidSlutar: string; paragraf: { beteckning: string } }) => [
          b.kommunkod,
          b.paragraf.beteckning,
          b.anslagsdag,
          b.overklagandetidSlutar,
        ],
      ),
    ).toEqual([
      // Posted Thursday 3 December: three weeks later is julafton, so the last day is Monday 28 December.
      ['2281', 'KS 2026 § 301', '2026-12-03', '2026-12-28'],
      ['2280', 'KS 2026 § 180', '2026-11-24', '2026-12-15'],
    ]);
    expect(data.overklagbaraBeslut[0].sammantrade).toEqual({ kommunkod: '2281', id: 'ks-2026-12-01', datum: '2026-12-01' });
  });

  it('asks only the kommuner named, and leaves out a window that has ended', async () => {
    const onlyHarnosand = await run('sammantraden.graphql', 'OverklagbaraBeslut', { kommunkoder: ['2280'], per: '2026-12-10' });
    expect(onlyHarnosand.overklagbaraBeslut.map((b: { kommunkod: string }) => b.kommunkod)).toEqual(['2280']);
    const later = await run('sammantraden.graphql', 'OverklagbaraBeslut', { lan: '22', per: '2026-12-16' });
    expect(later.overklagbaraBeslut.map((b: { paragraf: { beteckning: string } }) => b.paragraf.beteckning)).toEqual([
      'KS 2026 § 301',
    ]);
    const otherLan = await run('sammantraden.graphql', 'OverklagbaraBeslut', { lan: '01', per: '2026-12-10' });
    expect(otherLan.overklagbaraBeslut).toEqual([]);
  });
});
