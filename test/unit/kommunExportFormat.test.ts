import fs from 'node:fs';
import path from 'node:path';
import { validateKommunExport } from '../../subgraphs/kommun/src/import/validateKommunExport';

/** The import format's checks without a database: the docs' example, the fixture, and faults named where they are. */
const root = path.resolve(__dirname, '../..');
const fixture = () => JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/angeImport/kommun.json'), 'utf8'));

it('the example of docs/import-export.md is a valid file', () => {
  const text = fs.readFileSync(path.join(root, 'docs/import-export.md'), 'utf8');
  const example = /```json\n([\s\S]*?)```/.exec(text)![1];
  const { document, refusals, records } = validateKommunExport(JSON.parse(example));
  expect(refusals).toEqual([]);
  expect(records).toBe(5);
  // What the example leaves out is filled in: the document without a date, the first status's kommentar.
  expect(document!.arenden[0].handlingar[0].datum).toBeNull();
  expect(document!.arenden[0].statushistorik[0].kommentar).toBeNull();
});

it('the Ånge fixture is a valid file whose every record is marked illustrative', () => {
  const input = fixture();
  expect(validateKommunExport(input).refusals).toEqual([]);
  expect(input.kalla).toMatch(/invented/i);
  for (const list of ['ledamoter', 'arenden', 'paragrafer', 'uppdrag', 'sammantraden']) {
    for (const record of input[list]) expect(record.illustrativaFalt.length).toBeGreaterThan(0);
  }
});

it('names each refused record with its place in the file and the reason', () => {
  const input = fixture();
  input.formatVersion = 1;
  input.arenden[2].status = 'OPPET';
  input.arenden[1].handlingar = [{ titel: 'A', typ: 'BREV' }];
  input.sammantraden[0].protokoll.justerare = ['l9'];
  input.sammantraden[0].borjar = '2024-02-30T25:00:00Z';
  const shape = validateKommunExport(input).refusals;
  expect(shape).toEqual([
    {
      pointer: '/arenden/1',
      record: 'ärende KS 2024/2',
      field: '/arenden/1/handlingar/0/typ',
      reason: 'must be one of "BESLUTSUNDERLAG", "PROTOKOLLSUTDRAG", "SKRIVELSE", "YTTRANDE"',
    },
  ]);
  input.arenden[1].handlingar = [];
  const across = validateKommunExport(input).refusals;
  expect(across.map((r) => `${r.record} ${r.field}: ${r.reason}`)).toEqual([
    'ärende KS 2024/3 /arenden/2/status: is OPPET, but the last entry of its statushistorik is STANGT',
    'sammanträde s1 /sammantraden/0/borjar: 2024-02-30T25:00:00Z is not a time of the calendar',
    'sammanträde s1 /sammantraden/0/protokoll/justerare: names ledamot "l9", which is not in the file',
  ]);
});

it('refuses a format version it does not know, and anything that is not a kommun’s file', () => {
  expect(validateKommunExport({ formatVersion: 2 }).refusals.map((r) => r.reason)).toEqual(['is 2; this version reads format 1']);
  expect(validateKommunExport([]).refusals).toHaveLength(1);
  expect(validateKommunExport({ formatVersion: 1 }).refusals.map((r) => r.reason)).toEqual([
    "must have required property 'kommun'",
  ]);
});
