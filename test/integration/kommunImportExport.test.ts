import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { kommunAudience } from '#platform/auth/internalToken';
import type { Caller } from '#platform/auth/caller';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { importKommun } from '../../subgraphs/kommun/src/import/importKommun';
import { exportKommun } from '../../subgraphs/kommun/src/import/exportKommun';
import { openForImport } from '../../subgraphs/kommun/src/import/openForImport';
import { validateKommunExport } from '../../subgraphs/kommun/src/import/validateKommunExport';
import type { KommunExport } from '../../subgraphs/kommun/src/import/KommunExport';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';

/**
 * Issue 25: a kommun's records out by export and in by import. Timrå's seeded subgraph, with what
 * the seed lacks added (members, a restricted ärende with a file and a status change, justerare,
 * attendance), is exported; the file goes into an empty database; a subgraph over that database
 * answers every kommun query as the original does, and exports the same file again.
 */
const prefix = uniquePrefix();
const originalDb = testDatabaseUrl(prefix, 'kommun_2262');
const importedDb = testDatabaseUrl(prefix, 'kommun_2262_importerad');
const registry = JSON.stringify([
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:4003/graphql' },
]);
const HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE'] };
const FILE = Buffer.from('%PDF-1.4 utredning (testfil)\n');

let keys: Awaited<ReturnType<typeof testKeys>>;
let original: KommunServer;
let imported: KommunServer;
let importer: DataSource;
let exported: KommunExport;

const start = (url: string, seed: boolean) =>
  startKommunServer(
    loadConfig(['2262'], { DATABASE_URL: url, PORT: '0', SEED: String(seed), KOMMUN_REGISTRY: registry, ...keys.env }),
  );
const ask = async (
  server: KommunServer,
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller | null = HANDLAGGARE,
) => postGraphQL(server.url, query, variables, undefined, await keys.internalHeaders(kommunAudience('2262'), caller));
const importInto = (doc: unknown, onProgress?: (done: number, total: number) => void) => {
  const { document, refusals } = validateKommunExport(JSON.parse(JSON.stringify(doc)));
  if (!document) throw new Error(`refused: ${JSON.stringify(refusals)}`);
  return importKommun(importer, document, { kommunkod: '2262', sub: 'import:test', source: 'test.json', onProgress });
};

/** What a write leaves behind: the sync feed's positions and tombstones, the audit, the ärenden's versions. */
async function traces(dataSource: DataSource) {
  const feed = await Promise.all(
    ['arende', 'organ', 'paragraf', 'uppdrag', 'handling', 'sammantrade', 'ledamot'].map(async (table) => {
      const [row] = await dataSource.query(`SELECT max(andrad_xid::text) AS xid, count(*)::int AS n FROM ${table}`);
      return [table, row];
    }),
  );
  const [counts] = await dataSource.query(
    `SELECT (SELECT count(*)::int FROM borttagen) AS borttagna, (SELECT count(*)::int FROM granskningslogg) AS granskning,
            (SELECT string_agg(diarienummer || ':' || version, ',' ORDER BY id) FROM arende) AS versioner`,
  );
  return { feed: Object.fromEntries(feed), ...counts };
}

beforeAll(async () => {
  keys = await testKeys();
  original = await start(originalDb, true);
  await original.dataSource.query(
    `INSERT INTO ledamot (id, namn, parti) VALUES ('l1', 'Ledamot Ett', 'Parti A'), ('l2', 'Ledamot Två', NULL);
     INSERT INTO ledamotskap (ledamot_id, organ_id, roll, fran, till) VALUES
       ('l1', 'KS', 'ORDFORANDE', '2019-01-01', '2022-12-31'), ('l2', 'KS', 'LEDAMOT', '2019-01-01', NULL), ('l2', 'BUN', 'ERSATTARE', NULL, NULL);
     INSERT INTO protokoll_justerare (sammantrade_id, ledamot_id) VALUES ('ks-2020-uppfoljning-samverkan', 'l2');
     INSERT INTO narvaro (sammantrade_id, ledamot_id) VALUES ('ks-2020-uppfoljning-samverkan', 'l1'), ('ks-2020-uppfoljning-samverkan', 'l2');
     INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id, sekretess_lagrum, illustrativa_falt)
       VALUES ('BUN 2020/2', 'STANGT', '2020-03-01', 'BUN', 'OSL 23 kap. 1 §', '{rubrik}');
     INSERT INTO arende_innehall (diarienummer, rubrik, beskrivning) VALUES ('BUN 2020/2', 'Elevärende', 'Hemlig beskrivning');
     INSERT INTO arende_status (diarienummer, status, datum, kommentar) VALUES
       ('BUN 2020/2', 'OPPET', '2020-03-01', NULL), ('BUN 2020/2', 'STANGT', '2020-04-01', 'Avslutat');
     INSERT INTO beslutspunkt (diarienummer, nummer, text) VALUES ('BUN 2020/2', 1, 'Första'), ('BUN 2020/2', 2, 'Andra');`,
  );
  await original.dataSource.query(
    `INSERT INTO handling (diarienummer, titel, typ, datum, filnamn, mediatyp, storlek, sha256)
       VALUES ('BUN 2020/2', 'Utredning', 'SKRIVELSE', '2020-03-02', 'utredning.pdf', 'application/pdf', $1, $2)`,
    [FILE.length, createHash('sha256').update(FILE).digest('hex')],
  );
  await original.dataSource.query(
    `INSERT INTO handling_fil (handling_id, innehall) SELECT id, $1 FROM handling WHERE titel = 'Utredning'`,
    [FILE],
  );
  exported = JSON.parse(JSON.stringify(await exportKommun(original.dataSource)));
  importer = await openForImport(importedDb);
  await importInto(exported);
  imported = await start(importedDb, false);
}, 60_000);

afterAll(async () => {
  await importer?.destroy();
  await imported?.stop();
  await original?.stop();
  keys?.remove();
  await dropAll([originalDb, importedDb]);
});

it('export writes every list in the format its schema accepts, the file’s bytes and sekretess included', () => {
  expect(validateKommunExport(exported).refusals).toEqual([]);
  expect(exported.kommun).toEqual({ kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län' });
  expect(exported.organ.map((o) => o.id)).toEqual(['BUN', 'KS']);
  expect(exported.ledamoter.map((l) => [l.id, l.uppdrag.length])).toEqual([
    ['l1', 1],
    ['l2', 2],
  ]);
  expect(exported.paragrafer).toHaveLength(5);
  expect(exported.uppdrag).toHaveLength(3);
  const restricted = exported.arenden.find((a) => a.diarienummer === 'BUN 2020/2')!;
  expect(restricted.sekretess).toEqual({ lagrum: 'OSL 23 kap. 1 §', beskrivning: null });
  expect(restricted.statushistorik.map((s) => s.status)).toEqual(['OPPET', 'STANGT']);
  expect(Buffer.from(restricted.handlingar[0].fil!.innehall, 'base64')).toEqual(FILE);
  expect(exported.sammantraden[0].protokoll!.justerare).toEqual(['l2']);
});

/** Every kommun query the contract's operations reach, with every field a client of the contract reads. */
const ARENDE = `kommunkod diarienummer rubrik beskrivning status registrerad version illustrativaFalt
  statushistorik { status datum kommentar } ansvarigtOrgan { id kortnamn } forslagTillBeslut { nummer text }
  sekretess { lagrum beskrivning } behandlingar { beteckning } uppdrag { id }
  beslutsunderlag { id titel typ datum fil { mediatyp storlek sha256 filnamn } }`;
const PARAGRAF = `kommunkod beteckning organ { id } ar nummer datum rubrik beslutstext utfall arende { diarienummer }
  illustrativaFalt sammantrade { id } beslutadAv { organ { kortnamn } narvarande { namn parti } }`;
const SAMMANTRADE = `kommunkod id organ { id kortnamn namn } datum borjar plats status illustrativaFalt
  dagordning { nummer rubrik arende { diarienummer rubrik status } paragraf { beteckning utfall } illustrativaFalt }
  protokoll { justeringsdag justerare { id namn parti } anslagsdag overklagandetidSlutar utdrag { mottagare expedierat expedieratAr } illustrativaFalt }
  narvarande { id namn parti }`;
const queries: [name: string, query: string, variables?: Record<string, unknown>][] = [
  [
    'kommun',
    `{ kommun(kommunkod: "2262") { kommunkod namn lansnamn organ { id kortnamn namn typ }
       arenden(first: 100) { totalCount nodes { ${ARENDE} } }
       paragrafer { ${PARAGRAF} }
       uppdrag { id beskrivning mottagare givetI { beteckning } arende { diarienummer } deadline status aterrapporteradI { beteckning } forsenad illustrativaFalt }
       sammantraden { ${SAMMANTRADE} }
       ledamoter { id namn parti illustrativaFalt ledamotskap { organ { id } roll fran till } } } }`,
  ],
  ['arende', `query($d: String!) { arende(kommunkod: "2262", diarienummer: $d) { ${ARENDE} } }`, { d: 'BUN 2020/2' }],
  ['paragraf', `{ paragraf(kommunkod: "2262", beteckning: "KS 2019 § 65") { ${PARAGRAF} } }`],
  ['sammantrade', `{ sammantrade(kommunkod: "2262", id: "ks-2020-uppfoljning-samverkan") { ${SAMMANTRADE} } }`],
  ['ledamot', `{ ledamot(kommunkod: "2262", id: "l2") { id namn ledamotskap { organ { id } roll fran till } } }`],
  [
    'statistik',
    `{ statistik(kommunkoder: ["2262"]) { arenden { kommunkod status organ ar antal } uppdrag { kommunkod status antal } paragrafer { kommunkod organ ar antal } } }`,
  ],
  [
    'overklagbaraBeslut',
    `{ overklagbaraBeslut(kommunkoder: ["2262"], per: "2020-12-31") { kommunkod anslagsdag paragraf { beteckning } } }`,
  ],
  ['sok', `{ kommun(kommunkod: "2262") { arenden(filter: { text: "samverkan" }) { totalCount nodes { diarienummer } } } }`],
];

it.each(queries)(
  'the imported kommun answers %s as the original, for a handläggare and for anyone',
  async (_, query, variables = {}) => {
    for (const caller of [HANDLAGGARE, null]) {
      const [before, after] = [await ask(original, query, variables, caller), await ask(imported, query, variables, caller)];
      // Anyone else is refused a restricted ärende's content: the same refusals on both.
      if (caller) expect(before.errors).toBeUndefined();
      expect(after).toEqual(before);
    }
  },
);

it('the imported kommun exports the same file again', async () => {
  const again = JSON.parse(JSON.stringify(await exportKommun(imported.dataSource)));
  expect({ ...again, exporterad: null }).toEqual({ ...exported, exporterad: null });
});

it('a second import of the same file changes nothing, writes nothing and puts nothing on the sync feed', async () => {
  const before = await traces(importer);
  const progress: number[] = [];
  const summary = await importInto(exported, (done, total) => progress.push(total - done));
  expect(summary).toMatchObject({ created: 0, updated: 0, refusals: [] });
  const records = validateKommunExport(exported).records;
  expect(summary.unchanged).toBe(records);
  // Progress after every record, counting down to none left.
  expect(progress).toEqual([...Array(records).keys()].reverse());
  expect(await traces(importer)).toEqual(before);
});

it('a changed record is updated by its natural key, as a new version on the sync feed; the rest stays as it was', async () => {
  const changed: KommunExport = JSON.parse(JSON.stringify(exported));
  changed.arenden[0].rubrik = 'Uppföljning av samverkan, ny rubrik';
  changed.sammantraden[0].narvarande = ['l1'];
  const before = await traces(importer);
  const summary = await importInto(changed);
  expect(summary).toMatchObject({ created: 0, updated: 2, refusals: [] });
  expect(summary.lists.arenden.updated).toBe(1);
  expect(summary.lists.sammantraden.updated).toBe(1);
  const after = await traces(importer);
  expect(after.versioner).toBe(before.versioner.replace('KS 2020/1:1', 'KS 2020/1:2'));
  for (const table of ['organ', 'paragraf', 'uppdrag', 'handling', 'ledamot'])
    expect(after.feed[table]).toEqual(before.feed[table]);
  expect(after.feed.arende.xid > before.feed.arende.xid).toBe(true);
  expect(after.feed.sammantrade.xid > before.feed.sammantrade.xid).toBe(true);
  expect(after.granskning).toBe(before.granskning + 1);
  const { data } = await ask(imported, `{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { rubrik version } }`);
  expect(data!.arende).toEqual({ rubrik: 'Uppföljning av samverkan, ny rubrik', version: 2 });
  expect((await importInto(changed)).updated).toBe(0);
});

it('refuses a file with faults, naming each refused record with its place and reason, and loads none of it', async () => {
  const bad = JSON.parse(JSON.stringify(exported));
  bad.arenden[0].registrerad = '2020-02-30';
  bad.paragrafer[1].organId = 'KF';
  bad.uppdrag[0].status = 'KLART';
  bad.organ[0].farg = 'blå';
  const { document, refusals } = validateKommunExport(bad);
  expect(document).toBeNull();
  expect(refusals.map((r) => [r.pointer, r.record, r.field])).toEqual([
    ['/organ/0', 'organ BUN', '/organ/0'],
    ['/uppdrag/0', 'uppdrag kommunchefen-samverkan-2021', '/uppdrag/0/status'],
  ]);
  delete bad.organ[0].farg;
  bad.uppdrag[0].status = 'PAGAENDE';
  const second = validateKommunExport(bad).refusals;
  expect(second.map((r) => [r.record, r.field])).toEqual(
    expect.arrayContaining([
      ['ärende KS 2020/1', '/arenden/0/registrerad'],
      ['paragraf KS 2019 § 241', '/paragrafer/1/organId'],
    ]),
  );
  expect(second.every((r) => r.reason.length > 0)).toBe(true);
});

it('refuses a file that would replace a stored document’s file, and writes nothing', async () => {
  const replaced: KommunExport = JSON.parse(JSON.stringify(exported));
  const index = replaced.arenden.findIndex((a) => a.diarienummer === 'BUN 2020/2');
  const other = Buffer.from('andra bytes');
  replaced.arenden[index].handlingar[0].fil = {
    mediatyp: 'application/pdf',
    storlek: other.length,
    sha256: createHash('sha256').update(other).digest('hex'),
    innehall: other.toString('base64'),
  };
  replaced.arenden[0].rubrik = 'Skulle ha ändrats';
  const before = await traces(importer);
  const summary = await importInto(replaced);
  expect(summary.refusals).toEqual([
    expect.objectContaining({
      pointer: `/arenden/${index}`,
      record: 'ärende BUN 2020/2',
      field: `/arenden/${index}/handlingar/0/fil`,
    }),
  ]);
  expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
  expect(await traces(importer)).toEqual(before);
});

it('refuses another kommun’s file whole', async () => {
  const other = { ...exported, kommun: { kommunkod: '2260', namn: 'Ånge', lan: 'Västernorrlands län' } };
  const summary = await importKommun(importer, validateKommunExport(other).document!, {
    kommunkod: '2262',
    sub: 'import:test',
    source: 'ange.json',
  });
  expect(summary.refusals.map((r) => r.field)).toEqual(['/kommun/kommunkod']);
});

describe('the diarienummer series after an import', () => {
  const REGISTRERA = `mutation($input: NyttArendeInput!) { registreraArende(kommunkod: "2262", input: $input) { diarienummer } }`;
  const register = async () => {
    const { data, errors } = await ask(imported, REGISTRERA, {
      input: { ansvarigtOrgan: 'KS', rubrik: 'Nytt', registrerad: '2020-12-01' },
    });
    expect(errors).toBeUndefined();
    return data!.registreraArende.diarienummer as string;
  };

  it('continues after the highest imported number: no collision, no gap', async () => {
    expect(await register()).toBe('KS 2020/2');
  });

  it('moves past a higher number a later import brings', async () => {
    const more: KommunExport = JSON.parse(JSON.stringify(exported));
    more.arenden.push({ ...more.arenden[0], diarienummer: 'KS 2020/7', handlingar: [] });
    const summary = await importInto(more);
    expect(summary.lists.arenden.created).toBe(1);
    expect(await register()).toBe('KS 2020/8');
  });
});

it('refuses a record the database holds a constraint against, naming it, and loads nothing', async () => {
  await importer.query(`INSERT INTO organ (id, kortnamn, namn, typ) VALUES ('UN', 'UN', 'Utbildningsnämnden', 'NAMND')`);
  const clash: KommunExport = JSON.parse(JSON.stringify(exported));
  clash.organ[0].kortnamn = 'UN';
  clash.arenden[0].rubrik = 'Skulle ha ändrats';
  const before = await traces(importer);
  const summary = await importInto(clash);
  expect(summary.refusals).toEqual([
    expect.objectContaining({
      pointer: '/organ/0',
      record: 'organ BUN',
      reason: expect.stringContaining('(kortnamn)=(UN) already exists'),
    }),
  ]);
  expect(await traces(importer)).toEqual(before);
});
