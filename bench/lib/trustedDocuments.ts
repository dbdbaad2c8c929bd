import fs from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../../gateway/src/trustedDocuments/trustedDocuments';
import { buildManifest, type PersistedQueryManifest } from '../../scripts/trustedDocuments';

/**
 * The bench's gateways run with trusted documents enforced, as deployed: the load sends only
 * hashes of the manifest (`extensions.persistedQuery`), as the dashboard's PersistedQueryLink
 * does. The manifest the bench's gateways read is the project's (every operation of contract/)
 * plus the bench's own few operations, as a deployment that adds its clients' operations would
 * write it; it lives in a folder of the run's own.
 */
const contract = buildManifest();
const own = new Map<string, string>();

/** Registers one of the bench's own operations (at import time, before any gateway starts); returns it. */
export function benchDocument(text: string): string {
  own.set(sha256Hex(text), text);
  return text;
}

/** The manifest file the bench's gateways read: contract/'s operations and the bench's own. */
export function writeBenchManifest(dir: string): string {
  const manifest: PersistedQueryManifest = {
    ...contract,
    operations: [
      ...contract.operations,
      ...[...own].map(([id, body]) => ({ id, name: `bench-${id.slice(0, 8)}`, type: 'query' as const, body })),
    ],
  };
  const file = path.join(dir, 'persisted-query-manifest.json');
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
  return file;
}

const persisted = (id: string, variables: Record<string, unknown>, operationName?: string) =>
  JSON.stringify({
    variables,
    ...(operationName ? { operationName } : {}),
    extensions: { persistedQuery: { version: 1, sha256Hash: id } },
  });

/** The body of a contract operation by its hash, as the dashboard sends it. */
export function contractBody(operationName: string, variables: Record<string, unknown> = {}): string {
  return persisted(contractOperation(operationName).id, variables, operationName);
}

/** The same operation as full text (the manifest's text), for a gateway that has no manifest. */
export function contractTextBody(operationName: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query: contractOperation(operationName).body, variables, operationName });
}

function contractOperation(name: string) {
  const operation = contract.operations.find((o) => o.name === name);
  if (!operation) throw new Error(`contract/ has no operation ${name}`);
  return operation;
}

/** The body of one of the bench's own operations by its hash; it must have been registered. */
export function benchBody(text: string, variables: Record<string, unknown> = {}, operationName?: string): string {
  const id = sha256Hex(text);
  if (!own.has(id)) throw new Error(`not a registered bench document: ${text.slice(0, 60)}`);
  return persisted(id, variables, operationName);
}
