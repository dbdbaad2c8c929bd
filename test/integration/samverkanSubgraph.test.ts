import type { Logger } from 'typeorm';
import { ConfigError } from '#platform/configError';
import { dropDatabase } from '#platform/database/ensureDatabase';
import { HARNOSAND, SUNDSVALL, SUNDSVALL_LIKALYDANDE, TIMRA, UPPFOLJNINGSARENDE } from '../../seed/source';
import { loadConfig } from '../../subgraphs/samverkan/src/config';
import { startSamverkanServer, type SamverkanServer } from '../../subgraphs/samverkan/src/server';
import { testDatabaseUrl, uniquePrefix } from '../helpers/database';

// A throwaway database on the test run's server; dropped at the end.
const DATABASE_URL = testDatabaseUrl(uniquePrefix(), 'samverkan');

// The samverkan subgraph's part of the contract query SamverkanDashboard: what the gateway asks
// this subgraph for, before it resolves the kommun fields in each kommun's subgraph.
const DASHBOARD = /* GraphQL */ `
  query SamverkanDashboard {
    samverkan {
      id
      namn
      beskrivning
      parter {
        status
        sedan
        illustrativaFalt
        kommun {
          kommunkod
        }
      }
      omraden {
        id
        namn
        status
        form
        parter {
          kommunkod
        }
        arenden {
          kommunkod
          diarienummer
        }
        statushistorik {
          status
          datum
          kommentar
          beslut {
            kommunkod
            beteckning
          }
          illustrativaFalt
        }
        avtal {
          id
          namn
          tecknat
          giltigFran
          giltigTill
          resurs
          rattsligGrund
          illustrativaFalt
          omrade {
            id
          }
          parter {
            roll
            kostnadsandel
            kommun {
              kommunkod
            }
          }
        }
        beslut {
          kommunkod
          beteckning
        }
      }
      uppfoljningar {
        id
        datum
        sammanfattning
        arende {
          kommunkod
          diarienummer
        }
        nastaAterrapportering
        illustrativaFalt
      }
    }
  }
`;

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Kommun {
        kommunkod
        samverkansomraden {
          id
          namn
          status
          form
        }
      }
      ... on Arende {
        kommunkod
        diarienummer
        samverkansomraden {
          id
        }
      }
      ... on Samverkansomrade {
        id
        namn
      }
      ... on Avtal {
        id
        namn
      }
    }
  }
`;

const TABLES = [
  'samverkan',
  'samverkan_part',
  'samverkansomrade',
  'omrade_status',
  'omrade_part',
  'omrade_beslut',
  'omrade_arende',
  'avtal',
  'avtalspart',
  'uppfoljning',
];

// GraphQL answers are checked by shape, not typed.
type Answer = any;

async function post(server: SamverkanServer, query: string, variables?: unknown): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

async function rowCounts(server: SamverkanServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = n;
  }
  return counts;
}

const statements: string[] = [];
const sqlLogger: Logger = {
  logQuery: (query) => void statements.push(query),
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

describe('samverkan subgraph', () => {
  let server: SamverkanServer;
  let firstCounts: Record<string, number>;

  beforeAll(async () => {
    await dropDatabase(DATABASE_URL);
    // Called directly, not through the gateway: internal authentication is tested elsewhere.
    const config = loadConfig({ DATABASE_URL, PORT: '0', SEED: 'true', INTERNAL_AUTH: 'off' });
    const first = await startSamverkanServer(config);
    firstCounts = await rowCounts(first);
    await first.stop();
    // A second start on the same database migrates and seeds again: nothing may be added twice.
    server = await startSamverkanServer(config, { sqlLogger });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await dropDatabase(DATABASE_URL);
  }, 30_000);

  it('seeds once: a restart duplicates nothing', async () => {
    expect(firstCounts).toEqual({
      samverkan: 1,
      samverkan_part: 3,
      samverkansomrade: 5,
      omrade_status: 17,
      omrade_part: 10,
      omrade_beslut: 22,
      omrade_arende: 5,
      avtal: 1,
      avtalspart: 2,
      uppfoljning: 1,
    });
    expect(await rowCounts(server)).toEqual(firstCounts);
  });

  it('serves the dashboard with the facts of the seed document', async () => {
    statements.length = 0;
    const { data, errors } = await post(server, DASHBOARD);
    expect(errors).toBeUndefined();
    const [samverkan] = data.samverkan;
    expect(samverkan).toMatchObject({ id: 'sundsvall-timra', namn: 'Fördjupad samverkan Sundsvall–Timrå' });
    expect(samverkan.parter).toEqual([
      { status: 'ANSLUTEN', sedan: null, illustrativaFalt: [], kommun: { kommunkod: SUNDSVALL } },
      { status: 'ANSLUTEN', sedan: null, illustrativaFalt: [], kommun: { kommunkod: TIMRA } },
      { status: 'INTRESSERAD', sedan: null, illustrativaFalt: [], kommun: { kommunkod: HARNOSAND } },
    ]);
    expect(samverkan.omraden.map((o: Answer) => [o.id, o.status, o.form])).toEqual([
      ['eu-samordning', 'STARTAT', 'TJANSTEKOP'],
      ['kostorganisation', 'AVSKRIVET', 'GEMENSAM_ORGANISATION'],
      ['inkopsanalys', 'STARTAT', 'FORDJUPAD_SAMVERKAN'],
      ['kollektivtrafik', 'AVVAKTAR', null],
      ['servicecenter', 'AVVAKTAR', null],
    ]);
    for (const omrade of samverkan.omraden) {
      expect(omrade.parter).toEqual([{ kommunkod: SUNDSVALL }, { kommunkod: TIMRA }]);
      expect(omrade.arenden).toEqual([{ kommunkod: TIMRA, diarienummer: UPPFOLJNINGSARENDE }]);
      expect(omrade.beslut.slice(0, 4)).toEqual([
        { kommunkod: TIMRA, beteckning: 'KS 2019 § 65' },
        { kommunkod: SUNDSVALL, beteckning: SUNDSVALL_LIKALYDANDE },
        { kommunkod: TIMRA, beteckning: 'KS 2019 § 241' },
        { kommunkod: TIMRA, beteckning: 'KS 2019 § 257' },
      ]);
      // Every date in the history is illustrative: the document gives no meeting dates.
      for (const andring of omrade.statushistorik) expect(andring.illustrativaFalt).toEqual(['datum']);
      expect(omrade.statushistorik.at(-1).status).toBe(omrade.status);
    }

    const eu = samverkan.omraden[0];
    expect(eu.statushistorik.map((s: Answer) => [s.status, s.datum, s.beslut?.beteckning ?? null])).toEqual([
      ['IDENTIFIERAT', '2019-10-01', 'KS 2019 § 241'],
      ['UTREDS', '2019-11-01', 'KS 2019 § 257'],
      ['STARTAT', '2020-01-01', null],
      ['AVVAKTAR', '2020-03-01', null],
      ['STARTAT', '2020-09-01', null],
    ]);
    expect(eu.avtal).toEqual([
      {
        id: 'eu-samordnare',
        namn: 'Avtal om att dela på EU-samordnare',
        tecknat: null,
        giltigFran: null,
        giltigTill: null,
        resurs: 'EU-samordnare',
        rattsligGrund: null,
        illustrativaFalt: [],
        omrade: { id: 'eu-samordning' },
        parter: [
          { roll: null, kostnadsandel: null, kommun: { kommunkod: SUNDSVALL } },
          { roll: null, kostnadsandel: null, kommun: { kommunkod: TIMRA } },
        ],
      },
    ]);

    const kost = samverkan.omraden[1];
    expect(kost.statushistorik.at(-1)).toMatchObject({
      status: 'AVSKRIVET',
      beslut: { kommunkod: TIMRA, beteckning: 'KS 2020 § 40' },
    });
    expect(kost.beslut.slice(4).map((b: Answer) => b.beteckning)).toEqual(['BUN 2019 § 68', 'KS 2020 § 40']);

    expect(samverkan.uppfoljningar).toEqual([
      expect.objectContaining({
        id: 'uppfoljning-2020',
        datum: '2020-11-01',
        arende: { kommunkod: TIMRA, diarienummer: UPPFOLJNINGSARENDE },
        nastaAterrapportering: '2021-12-31',
        illustrativaFalt: ['datum', 'nastaAterrapportering'],
      }),
    ]);

    // One statement per relation, never one per item: a repeated statement would be an N+1. The
    // request's transaction (its start, the caller's settings and its end) is a constant on top.
    const reads = statements.filter((s) => !/^(START TRANSACTION|ROLLBACK|SELECT set_config)/.test(s.trim()));
    expect(new Set(reads).size).toBe(reads.length);
    expect(reads.length).toBeLessThanOrEqual(12);
  });

  it('adds its areas to kommuner and ärenden, batched into one statement each', async () => {
    statements.length = 0;
    const { data, errors } = await post(server, ENTITIES, {
      r: [
        { __typename: 'Kommun', kommunkod: TIMRA },
        { __typename: 'Kommun', kommunkod: HARNOSAND },
        { __typename: 'Kommun', kommunkod: SUNDSVALL },
        { __typename: 'Arende', kommunkod: TIMRA, diarienummer: UPPFOLJNINGSARENDE },
        { __typename: 'Arende', kommunkod: SUNDSVALL, diarienummer: UPPFOLJNINGSARENDE },
        { __typename: 'Samverkansomrade', id: 'inkopsanalys' },
        { __typename: 'Samverkansomrade', id: 'finns-inte' },
        { __typename: 'Avtal', id: 'eu-samordnare' },
      ],
    });
    expect(errors).toBeUndefined();
    const [timra, harnosand, sundsvall, arende, annatArende, omrade, saknas, avtal] = data._entities;
    expect(timra.samverkansomraden.map((o: Answer) => o.namn)).toEqual([
      'EU-samordning',
      'Gemensam kostorganisation',
      'Inköpsanalys',
      'Kollektivtrafik/stadstrafik',
      'Tjänster servicecenter',
    ]);
    expect(sundsvall.samverkansomraden).toEqual(timra.samverkansomraden);
    expect(harnosand).toEqual({ kommunkod: HARNOSAND, samverkansomraden: [] });
    expect(arende.samverkansomraden).toHaveLength(5);
    expect(annatArende.samverkansomraden).toEqual([]);
    expect(omrade).toEqual({ id: 'inkopsanalys', namn: 'Inköpsanalys' });
    expect(saknas).toBeNull();
    expect(avtal).toEqual({ id: 'eu-samordnare', namn: 'Avtal om att dela på EU-samordnare' });
    expect(statements.filter((s) => s.includes('"omrade_part"'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('"omrade_arende"'))).toHaveLength(1);
  });

  it('answers the root fields by id, and null for an unknown id', async () => {
    const { data, errors } = await post(
      server,
      `{ samverkansomrade(id: "kollektivtrafik") { namn samverkan { id } } avtal(id: "eu-samordnare") { omrade { id } }
         saknas: samverkansomrade(id: "finns-inte") { id } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      samverkansomrade: { namn: 'Kollektivtrafik/stadstrafik', samverkan: { id: 'sundsvall-timra' } },
      avtal: { omrade: { id: 'eu-samordning' } },
      saknas: null,
    });
  });

  it('returns a cost share as a number', async () => {
    await server.dataSource.query(`UPDATE avtalspart SET kostnadsandel = 0.5 WHERE avtal_id = 'eu-samordnare'`);
    const { data } = await post(server, `{ avtal(id: "eu-samordnare") { parter { kostnadsandel } } }`);
    expect(data.avtal.parter).toEqual([{ kostnadsandel: 0.5 }, { kostnadsandel: 0.5 }]);
  });

  it('refuses rows the schema could not serve', async () => {
    await expect(
      server.dataSource.query(
        `INSERT INTO avtalspart (avtal_id, kommunkod, kostnadsandel) VALUES ('eu-samordnare', '2260', 1.5)`,
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      server.dataSource.query(
        `INSERT INTO omrade_status (omrade_id, ordning, status, datum, beslut_kommunkod) VALUES ('eu-samordning', 99, 'STARTAT', '2021-01-01', '2262')`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('samverkan config', () => {
  it('names DATABASE_URL when it is missing', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
  });

  it('has the documented defaults', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/samverkan', KEYS_DIR: '/keys' })).toEqual({
      port: 4001,
      databaseUrl: 'postgres://localhost/samverkan',
      migrate: true,
      seed: false,
      production: false,
      internalAuth: { mode: 'gateway-only', jwksFile: '/keys/internal.jwks.json', devKeysDir: '/keys' },
      telemetry: { service: 'samverkan', production: false, logLevel: 'info', tracesUrl: undefined, metricsToken: undefined },
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgres://x/y', NODE_ENV: 'production', INTERNAL_JWKS_FILE: '/keys/jwks.json' }).production,
    ).toBe(true);
  });

  it('refuses to let anyone but the gateway call in production', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', NODE_ENV: 'production' })).toThrow(/INTERNAL_JWKS_FILE/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', NODE_ENV: 'production', INTERNAL_AUTH: 'off' })).toThrow(
      /INTERNAL_AUTH=off/,
    );
  });

  it('refuses a malformed setting with its name', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', SEED: 'maybe' })).toThrow(/SEED/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', PORT: 'abc' })).toThrow(/PORT/);
  });
});
