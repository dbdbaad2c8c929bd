import fs from 'node:fs';
import { composeSupergraph, supergraphFile } from '../common/src/supergraph';

// Writes schema/supergraph.graphql; a test fails when the checked-in file drifts from this.
fs.writeFileSync(supergraphFile, composeSupergraph());
console.log(`Wrote ${supergraphFile}`);
