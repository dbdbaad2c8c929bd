import { Kind, parse, type StringValueNode } from 'graphql';

/**
 * Key fields per entity type, from the supergraph's `@join__type(key: …)`, in the order it gives
 * them: what the dashboard's cache identifies each entity by (scripts/dashboardCodegen.ts).
 */
export function entityKeysOf(supergraphSdl: string): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'join__type') continue;
      const key = directive.arguments?.find((a) => a.name.value === 'key')?.value as StringValueNode | undefined;
      if (!key) continue;
      // A nested key ("id organ { id }") would need a key function of its own; none exists yet.
      if (/[{}]/.test(key.value)) throw new Error(`${definition.name.value} has a nested key (${key.value}): not supported`);
      const fields = key.value.trim().split(/\s+/);
      const known = keys[definition.name.value];
      // Every subgraph must agree: a second, different key would make the cache's identity a choice.
      if (known && known.join(' ') !== fields.join(' ')) {
        throw new Error(`${definition.name.value} has two keys (${known.join(' ')} / ${fields.join(' ')})`);
      }
      keys[definition.name.value] = fields;
    }
  }
  return keys;
}
