import {
  Kind,
  TypeInfo,
  getNamedType,
  isAbstractType,
  isCompositeType,
  parse,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { heapBytes } from './heapBytes';

/** How long a kommun's answer to one fetch may be kept, and whether it may be shared at all. */
export interface CachePolicy {
  /** Seconds; 0 = not cached. The least of the hints of everything the fetch selects. */
  maxAge: number;
  /**
   * False when the fetch selects a field that can carry sekretess content (`scope: PRIVATE`):
   * such an answer is never shared between users who may see that content, nor answered stale.
   */
  public: boolean;
}

interface Hint {
  maxAge?: number;
  scope?: string;
  inheritMaxAge?: boolean;
}

/**
 * Bytes of document texts whose policy is remembered; a fetch's document repeats, so this is a
 * small set, unless a client writes its arguments into the document (a search text varied
 * without end).
 */
const MAX_REMEMBERED_BYTES = 4 * 2 ** 20;

/**
 * The cache policy of a fetch from the kommun schema's `@cacheControl` hints, with Apollo
 * Server's rules: a field's own hint, else the hint of the object type it returns, else 0 for a
 * field that returns an object or sits at the root, while a scalar inherits its parent's. Worked
 * out once per document text (the router sends the same few texts over and over).
 */
export class CachePolicies {
  private readonly known = new LRUCache<string, CachePolicy>({
    maxSize: MAX_REMEMBERED_BYTES,
    sizeCalculation: (_policy, query) => heapBytes(query) + 100,
  });

  constructor(private readonly schema: GraphQLSchema) {}

  of(query: string): CachePolicy {
    let policy = this.known.get(query);
    if (!policy) {
      let document: DocumentNode;
      try {
        document = parse(query);
      } catch {
        return { maxAge: 0, public: false };
      }
      policy = policyOf(this.schema, document);
      this.known.set(query, policy);
    }
    return policy;
  }
}

export function policyOf(schema: GraphQLSchema, document: DocumentNode): CachePolicy {
  let maxAge = Number.POSITIVE_INFINITY;
  let isPublic = true;
  const roots = new Set([schema.getQueryType(), schema.getMutationType()]);
  const apply = (age: number | undefined, scope: string | undefined) => {
    if (age !== undefined) maxAge = Math.min(maxAge, age);
    if (scope === 'PRIVATE') isPublic = false;
  };
  /** An entity of `_entities` (or a fragment's type) counts as the object it is: its type's hint. */
  const applyType = (type: GraphQLNamedType | undefined | null) => {
    if (!type || roots.has(type as never) || !isCompositeType(type)) return;
    const hint = hintOf(type.astNode);
    apply(hint?.maxAge ?? (hint?.inheritMaxAge ? undefined : 0), hint?.scope);
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== 'query') apply(0, undefined);
      },
      InlineFragment(node) {
        if (node.typeCondition) applyType(typeInfo.getType() as GraphQLNamedType);
      },
      FragmentDefinition() {
        applyType(typeInfo.getType() as GraphQLNamedType);
      },
      Field(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (node.name.value.startsWith('__')) return;
        // Not in the schema: the kommun refuses it, and nothing is cached.
        if (!field || !parent) return void apply(0, undefined);
        const type = getNamedType(field.type);
        // `_entities` answers with several types; its fragments count (above).
        if (node.name.value === '_entities' && isAbstractType(type)) return;
        const fieldHint = hintOf(field.astNode);
        const typeHint = isCompositeType(type) ? hintOf(type.astNode) : undefined;
        apply(undefined, fieldHint?.scope ?? typeHint?.scope);
        if (fieldHint?.maxAge !== undefined) return void apply(fieldHint.maxAge, undefined);
        if (fieldHint?.inheritMaxAge) return;
        if (typeHint?.maxAge !== undefined) return void apply(typeHint.maxAge, undefined);
        if (typeHint?.inheritMaxAge) return;
        if (isCompositeType(type) || roots.has(parent as never)) apply(0, undefined);
      },
    }),
  );
  return { maxAge: Number.isFinite(maxAge) ? maxAge : 0, public: isPublic };
}

function hintOf(node: ASTNode | null | undefined): Hint | undefined {
  const directives = node && 'directives' in node ? node.directives : undefined;
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  if (!directive) return undefined;
  const hint: Hint = {};
  for (const argument of directive.arguments ?? []) {
    const { value } = argument;
    if (argument.name.value === 'maxAge' && value.kind === Kind.INT) hint.maxAge = Number(value.value);
    if (argument.name.value === 'scope' && value.kind === Kind.ENUM) hint.scope = value.value;
    if (argument.name.value === 'inheritMaxAge' && value.kind === Kind.BOOLEAN) hint.inheritMaxAge = value.value;
  }
  return hint;
}
