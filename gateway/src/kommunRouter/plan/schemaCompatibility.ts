import { buildSubgraphSchema } from '@apollo/subgraph';
import { findBreakingChanges, parse, type GraphQLSchema } from 'graphql';

export interface Compatibility {
  compatible: boolean;
  /** What the kommun's schema lacks or changed, in graphql-js's words. */
  problems: string[];
}

/**
 * Whether a kommun's schema (its `_service { sdl }`) serves everything schema/kommun.graphql
 * promises: a kommun may be ahead (more fields) but not behind. Cached by SDL, since every
 * kommun on the same release reports the same text.
 */
export class SchemaCompatibility {
  private readonly cache = new Map<string, Compatibility>();
  private readonly expected: GraphQLSchema;

  constructor(expectedSdl: string) {
    this.expected = buildSubgraphSchema({ typeDefs: parse(expectedSdl) });
  }

  check(sdl: string): Compatibility {
    let result = this.cache.get(sdl);
    if (!result) {
      try {
        const actual = buildSubgraphSchema({ typeDefs: parse(sdl) });
        const problems = findBreakingChanges(this.expected, actual).map((c) => c.description);
        result = { compatible: problems.length === 0, problems };
      } catch (error) {
        result = { compatible: false, problems: [`its schema does not build: ${(error as Error).message}`] };
      }
      if (this.cache.size > 100) this.cache.clear();
      this.cache.set(sdl, result);
    }
    return result;
  }
}
