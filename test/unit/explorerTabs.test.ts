import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { getVariableValues, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { supergraphFile } from '#platform/supergraph';
import { contractTabs } from '../../explorer/src/contractTabs';

// The explorer's tabs (explorer/src/contractTabs.ts) as the browser gets them from the contract.
const contractDir = path.resolve(__dirname, '../../contract');
const files = Object.fromEntries(
  fs
    .readdirSync(contractDir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => [`../../contract/${f}`, fs.readFileSync(path.join(contractDir, f), 'utf8')]),
);
const tabs = contractTabs(files, '2026-03-15');
const apiSchema = Supergraph.build(fs.readFileSync(supergraphFile, 'utf8')).apiSchema().toGraphQLJSSchema();
const operationOf = (query: string) =>
  parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
const nameOf = (query: string) => operationOf(query).name!.value;

test('every operation of the contract is a tab of its own, the overview first', () => {
  const contractOperations = Object.values(files).flatMap((text) =>
    parse(text)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name!.value),
  );
  const tabNames = tabs.map((tab) => nameOf(tab.query));
  expect(tabNames[0]).toBe('KommunOversikt');
  expect([...tabNames].sort()).toEqual([...contractOperations].sort());
  for (const tab of tabs)
    expect(parse(tab.query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)).toHaveLength(1);
});

test('each tab keeps the comment that says what it is for', () => {
  const overview = tabs.find((tab) => nameOf(tab.query) === 'KommunOversikt')!;
  expect(overview.query).toMatch(/^# All kommuner in the graph/);
});

describe.each(tabs.map((tab) => [nameOf(tab.query), tab] as const))('%s', (_name, tab) => {
  it('validates against the supergraph', () => {
    expect(validate(apiSchema, parse(tab.query)).map((e) => e.message)).toEqual([]);
  });

  it('has example variables for every variable it needs, of the right types', () => {
    const variables = tab.variables ? JSON.parse(tab.variables) : {};
    const { errors } = getVariableValues(apiSchema, operationOf(tab.query).variableDefinitions ?? [], variables);
    expect((errors ?? []).map((e) => e.message)).toEqual([]);
  });
});

test('the examples come from the seed, and the writes say which token they need', () => {
  const byName = Object.fromEntries(tabs.map((tab) => [nameOf(tab.query), tab]));
  expect(JSON.parse(byName.ArendeDetalj.variables!)).toEqual({ kommunkod: '2262', diarienummer: 'KS 2020/1' });
  expect(JSON.parse(byName.SammantradeDetalj.variables!)).toEqual({ kommunkod: '2262', id: 'ks-2020-uppfoljning-samverkan' });
  expect(JSON.parse(byName.AndraSamverkansstatus.variables!).input.datum).toBe('2026-03-15');
  expect(JSON.parse(byName.RegistreraArende.headers!).Authorization).toContain(
    'npm run token -- --kommun 2262 --roll HANDLAGGARE',
  );
  expect(byName.KommunOversikt.headers).toBeUndefined();
});
