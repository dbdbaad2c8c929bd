import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { composeSupergraph, supergraphFile } from '#platform/supergraph';

const contractDir = path.resolve(__dirname, '../../contract');
const sharedContractDir = path.resolve(__dirname, '../../../shared/contract');
const contractFiles = fs.readdirSync(contractDir).filter((f) => f.endsWith('.graphql'));

describe('supergraph', () => {
  it('is the composition of the checked-in subgraph schemas (run `npm run compose` after changing one)', () => {
    expect(fs.readFileSync(supergraphFile, 'utf8')).toBe(composeSupergraph());
  });
});

describe('contract', () => {
  const apiSchema = Supergraph.build(fs.readFileSync(supergraphFile, 'utf8')).apiSchema().toGraphQLJSSchema();

  it.each(contractFiles)('%s validates against the supergraph', (file) => {
    const document = parse(fs.readFileSync(path.join(contractDir, file), 'utf8'));
    expect(validate(apiSchema, document).map((e) => e.message)).toEqual([]);
  });

  // The contract is owned outside this repository; the copy here must not drift from it.
  const sharedAvailable = fs.existsSync(sharedContractDir);
  (sharedAvailable ? it.each(fs.readdirSync(sharedContractDir)) : it.skip.each(['(shared contract not present)']))(
    '%s is identical to the shared contract',
    (file) => {
      expect(fs.readFileSync(path.join(contractDir, file), 'utf8')).toBe(
        fs.readFileSync(path.join(sharedContractDir, file), 'utf8'),
      );
    },
  );
});
