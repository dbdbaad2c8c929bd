import fs from 'node:fs';
import { composeSupergraph, supergraphFile } from '#platform/supergraph';

// Writes schema/supergraph.graphql; a test fails when the checked-in file drifts from this.
fs.writeFileSync(supergraphFile, composeSupergraph());
console.log(`Wrote ${supergraphFile}`);
