import { Kind, valueFromASTUntyped, type FieldNode, type FragmentDefinitionNode, type SelectionNode } from 'graphql';

/** The fields of a selection set in order, with fragments flattened and @skip/@include applied. */
export function collectFields(
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selections) {
    if (!isIncluded(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...collectFields(selection.selectionSet.selections, fragments, variables));
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) fields.push(...collectFields(fragment.selectionSet.selections, fragments, variables));
    }
  }
  return fields;
}

function isIncluded(selection: SelectionNode, variables: Record<string, unknown>): boolean {
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const ifArgument = directive.arguments?.find((a) => a.name.value === 'if');
    const value = ifArgument ? valueFromASTUntyped(ifArgument.value, variables) : undefined;
    if (name === 'skip' && value === true) return false;
    if (name === 'include' && value === false) return false;
  }
  return true;
}

/** The key under which a field's value appears in the answer. */
export function responseKeyOf(node: FieldNode): string {
  return node.alias?.value ?? node.name.value;
}
