import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const schemaDir = path.resolve(__dirname, '../../schema');
export const supergraphFile = path.join(schemaDir, 'supergraph.graphql');

/**
 * The subgraphs as composition sees them. The kommun schema is composed once, as the logical
 * subgraph `kommun`: Federation routes by type and field, never by key value, so N copies would
 * make the planner pick one. The URLs are defaults; the gateway and peer engines override them.
 */
export const subgraphs = [
  { name: 'kommun', file: 'kommun.graphql', url: 'http://localhost:4010/graphql' },
  { name: 'samverkan', file: 'samverkan.graphql', url: 'http://localhost:4001/graphql' },
] as const;

export function readSubgraphSdl(name: (typeof subgraphs)[number]['name']): string {
  const entry = subgraphs.find((s) => s.name === name)!;
  return fs.readFileSync(path.join(schemaDir, entry.file), 'utf8');
}

/** Composes the supergraph SDL from the checked-in subgraph schemas, or throws the composition errors. */
export function composeSupergraph(): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readSubgraphSdl(s.name)) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
