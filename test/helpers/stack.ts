import fs from 'node:fs';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { KommunEntry, KommunRegistry } from '#platform/registry';
import { startStack, type Stack, type StackOptions } from '../../scripts/stack';
import { dropDatabasesWithPrefix, testServerUrl, uniquePrefix } from './database';

/** The three kommuner of the seed document; the URLs are replaced by the ports they get. */
export const seedKommuner: KommunRegistry = [
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', lanskod: '22', url: 'http://localhost:1/graphql' },
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', lanskod: '22', url: 'http://localhost:1/graphql' },
  { kommunkod: '2280', namn: 'Härnösand', lan: 'Västernorrlands län', lanskod: '22', url: 'http://localhost:1/graphql' },
];

export const kommunEntry = (kommunkod: string, namn: string, extra: Partial<KommunEntry> = {}): KommunEntry => ({
  kommunkod,
  namn,
  lan: 'Västernorrlands län',
  lanskod: '22',
  url: 'http://localhost:1/graphql',
  ...extra,
});

/** A stack of startTestStack. */
export type TestStack = Stack & { databasePrefix: string };

/**
 * The whole graph as `npm start` runs it (a process per service), on free ports and on
 * databases of its own; `stop()` also drops every database it made, including those of
 * kommuner that joined later.
 */
export async function startTestStack(options: Partial<StackOptions> = {}): Promise<TestStack> {
  const prefix = uniquePrefix();
  const stack = await startStack({
    serverUrl: testServerUrl(),
    databasePrefix: prefix,
    registry: seedKommuner,
    gatewayPort: 0,
    samverkanPort: 0,
    kommunPort: () => 0,
    ...options,
  }).catch(async (error) => {
    await dropDatabasesWithPrefix(prefix);
    throw error;
  });
  return {
    ...stack,
    /** The prefix of this stack's database names (`<prefix>kommun_2262`). */
    databasePrefix: prefix,
    async stop() {
      await stack.stop();
      await dropDatabasesWithPrefix(prefix);
    },
  };
}

/** A contract operation as dashboards send it: the whole file, with the operation named. */
export function contractOperation(file: string, name: string): string {
  const text = fs.readFileSync(path.resolve(__dirname, '../../contract', file), 'utf8');
  const found = parse(text).definitions.some((d) => (d as OperationDefinitionNode).name?.value === name);
  if (!found) throw new Error(`contract/${file} has no operation ${name}`);
  return text;
}
