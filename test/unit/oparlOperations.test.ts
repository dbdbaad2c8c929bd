import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { supergraphFile } from '#platform/supergraph';
import { OPARL_FEEDS, OPARL_LISTS, OPARL_OBJECTS, withOparlOperations } from '../../gateway/src/oparl/oparlOperations';
import { sha256Hex } from '../../gateway/src/trustedDocuments/trustedDocuments';

// OParl's operations against the graph's API schema, without a stack: a change of the schema
// that breaks one fails here first. And they are trusted documents beside the manifest's.
const apiSchema = Supergraph.build(fs.readFileSync(supergraphFile, 'utf8')).apiSchema().toGraphQLJSSchema();

it.each(Object.entries(OPARL_FEEDS))('%s validates against the supergraph', (_, { field, query }) => {
  expect(validate(apiSchema, parse(query)).map((e) => e.message)).toEqual([]);
  expect(query).toContain(`${field}(`);
});

it.each(Object.entries(OPARL_OBJECTS))('%s by key validates against the supergraph', (_, { field, query }) => {
  expect(validate(apiSchema, parse(query)).map((e) => e.message)).toEqual([]);
  expect(query).toContain(`${field}(`);
});

it.each(Object.entries(OPARL_LISTS))('%s as a full list validates against the supergraph', (_, { query }) => {
  expect(validate(apiSchema, parse(query)).map((e) => e.message)).toEqual([]);
});

it('adds every OParl operation to the trusted documents and keeps the manifest’s', () => {
  const trusted = withOparlOperations(new Map([['abc', '{ __typename }']]));
  expect(trusted.get('abc')).toBe('{ __typename }');
  for (const { query } of Object.values(OPARL_FEEDS)) expect(trusted.get(sha256Hex(query))).toBe(query);
  for (const { query } of Object.values(OPARL_OBJECTS)) expect(trusted.get(sha256Hex(query))).toBe(query);
  for (const { query } of Object.values(OPARL_LISTS)) expect(trusted.get(sha256Hex(query))).toBe(query);
});
