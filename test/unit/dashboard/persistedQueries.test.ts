import fs from 'node:fs';
import { ApolloClient, ApolloLink, InMemoryCache, type Operation } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import {
  createPersistedQueryManifestVerificationLink,
  generatePersistedQueryIdsFromManifest,
} from '@apollo/persisted-query-lists';
import type { DocumentNode } from 'graphql';
import { of } from 'rxjs';
import * as generated from '../../../dashboard/src/generated/graphql';
import { persistedQueryIds } from '../../../dashboard/src/generated/persistedQueryIds';
import { manifestFile, type PersistedQueryManifest } from '../../../scripts/trustedDocuments';

/**
 * The dashboard's operations, sent through Apollo Client as the dashboard sends them: each must
 * leave as the hash of the manifest's document for it, without its text, and the manifest's
 * document must be exactly what Apollo Client would have sent (Apollo's verification link), so
 * the gateway runs what the dashboard's cache expects.
 */
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as PersistedQueryManifest;
const documents = Object.entries(generated)
  .filter(([name]) => name.endsWith('Document'))
  .map(([name, document]) => [name, document as DocumentNode] as const);

it('sends every operation of the dashboard as its manifest hash, and the manifest holds what the client would send', async () => {
  const failures: string[] = [];
  const sent: Operation[] = [];
  const client = new ApolloClient({
    cache: new InMemoryCache(),
    link: ApolloLink.from([
      createPersistedQueryManifestVerificationLink({
        loadManifest: () => manifest,
        onVerificationFailed: ({ reason, operation }) => failures.push(`${operation.operationName}: ${reason}`),
      }),
      new PersistedQueryLink({
        ...generatePersistedQueryIdsFromManifest({ loadManifest: () => persistedQueryIds }),
        retry: () => false,
      }),
      new ApolloLink((operation) => {
        sent.push(operation);
        return of({ data: null });
      }),
    ]),
  });
  expect(documents.length).toBe(manifest.operations.length);
  for (const [, document] of documents) {
    const definition = document.definitions[0] as { operation: string };
    if (definition.operation === 'mutation') await client.mutate({ mutation: document, variables: {} }).catch(() => undefined);
    else await client.query({ query: document, variables: {}, fetchPolicy: 'no-cache' }).catch(() => undefined);
  }
  expect(failures).toEqual([]);
  const idOf = new Map(manifest.operations.map((o) => [o.name, o.id]));
  expect(
    sent.map((operation) => [
      operation.operationName,
      operation.extensions.persistedQuery,
      operation.getContext().http?.includeQuery,
    ]),
  ).toEqual(
    documents.map(([name]) => {
      const operationName = name.replace(/Document$/, '');
      return [operationName, { version: 1, sha256Hash: idOf.get(operationName) }, false];
    }),
  );
});
