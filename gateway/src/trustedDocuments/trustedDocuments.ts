import type { Logger } from '#platform/telemetry/logger';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import { ConfigError } from '#platform/configError';
import { ErrorCode } from '#platform/errors';
import type { GatewayContext } from '../errorPolicy';

/**
 * What the gateway does with an operation that is not in the trusted documents manifest, sent by
 * a client without a token: runs it (`off`), runs it and logs it (`log`), or refuses it (`enforce`).
 */
export type TrustedDocumentsMode = 'off' | 'log' | 'enforce';
export const TRUSTED_DOCUMENTS_MODES: readonly TrustedDocumentsMode[] = ['off', 'log', 'enforce'];

/** The trusted documents, by the SHA-256 of their text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/** A document's id in the manifest and in Apollo's persisted-query protocol: the SHA-256 of its text, in hex. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Reads the manifest `scripts/trustedDocuments.ts` writes (Apollo's persisted query manifest
 * format). Every id must be its body's hash: the gateway answers a hash with that body.
 */
export function loadTrustedDocuments(file: string): TrustedDocuments {
  let manifest: { format?: string; operations?: { id: string; body: string }[] };
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `TRUSTED_DOCUMENTS_MANIFEST: cannot read ${file} (${(error as Error).message}); \`npm run build\` writes it from contract/`,
    );
  }
  if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations)) {
    throw new ConfigError(`TRUSTED_DOCUMENTS_MANIFEST: ${file} is not an Apollo persisted query manifest`);
  }
  const documents = new Map<string, string>();
  for (const { id, body } of manifest.operations) {
    if (sha256Hex(body) !== id) throw new ConfigError(`TRUSTED_DOCUMENTS_MANIFEST: in ${file}, ${id} is not its body's SHA-256`);
    documents.set(id, body);
  }
  return documents;
}

/** Apollo Server prefixes the keys of its persisted-query cache with this. */
const APQ_PREFIX = 'apq:';
/** Automatic persisted queries registered by clients, beside the manifest; the oldest go first. */
const MAX_REGISTERED = 1000;

/**
 * Apollo Server's persisted-query cache (`persistedQueries.cache`): a hash of the manifest is
 * always answered with its document; other hashes are automatic persisted queries, kept as
 * Apollo Server keeps them (an unknown hash is PERSISTED_QUERY_NOT_FOUND, the client then sends
 * the text once). Being in this cache trusts nothing: the plugin below checks the manifest.
 */
export function persistedQueryCache(documents: TrustedDocuments) {
  const registered = new Map<string, string>();
  const hashOf = (key: string) => (key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key);
  return {
    async get(key: string): Promise<string | undefined> {
      return documents.get(hashOf(key)) ?? registered.get(key);
    },
    async set(key: string, value: string): Promise<void> {
      if (documents.has(hashOf(key))) return;
      registered.delete(key);
      registered.set(key, value);
      if (registered.size > MAX_REGISTERED) registered.delete(registered.keys().next().value as string);
    },
    async delete(key: string): Promise<boolean | void> {
      return registered.delete(key);
    },
  };
}

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

/** An operation that only introspects: INTROSPECTION decides about those, not the manifest. */
function onlyIntrospects(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && INTROSPECTION_FIELDS.has(selection.name.value),
  );
}

/**
 * Applies TRUSTED_DOCUMENTS to every operation once it is parsed: one whose text is in the
 * manifest always runs; otherwise a signed-in caller's runs (a verified token names who sent it,
 * and its rate limit is its own), as does pure introspection; an anonymous client's is logged
 * (`log`) or refused with UNTRUSTED_OPERATION (`enforce`).
 */
export function trustedDocumentsPlugin(options: {
  mode: TrustedDocumentsMode;
  documents: TrustedDocuments;
  log: Logger;
}): ApolloServerPlugin<GatewayContext> {
  const { mode, documents, log } = options;
  return {
    async requestDidStart() {
      if (mode === 'off') return;
      return {
        async didResolveOperation({ queryHash, operation, operationName, contextValue }) {
          if (!operation || documents.has(queryHash) || contextValue.caller || onlyIntrospects(operation)) return;
          if (mode === 'log') {
            log.warn(
              { requestId: contextValue.requestId, operationName: operationName ?? undefined, queryHash },
              'an anonymous client sent an operation that is not a trusted document (TRUSTED_DOCUMENTS=log runs it)',
            );
            return;
          }
          throw untrustedOperation();
        },
      };
    },
  };
}

/**
 * TRUSTED_DOCUMENTS=enforce before parsing: an anonymous client's document whose hash is not in
 * the manifest is refused with UNTRUSTED_OPERATION without being parsed. Where introspection is
 * on, such a document is parsed and priced first, as it may be pure introspection (the plugin
 * above decides).
 */
export function untrustedDocumentRefusal(options: {
  mode: TrustedDocumentsMode;
  documents: TrustedDocuments;
  introspection: boolean;
}): ((hash: string, context: GatewayContext) => GraphQLError | null) | undefined {
  const { mode, documents, introspection } = options;
  if (mode !== 'enforce' || introspection) return undefined;
  return (hash, context) => (documents.has(hash) || context.caller ? null : untrustedOperation());
}

function untrustedOperation(): GraphQLError {
  return new GraphQLError(
    `This gateway runs only its trusted documents for clients without a token: send the operation's hash ` +
      `(extensions.persistedQuery.sha256Hash) from the manifest, or sign in with a bearer token.`,
    { extensions: { code: ErrorCode.UNTRUSTED_OPERATION, http: { status: 403 } } },
  );
}
