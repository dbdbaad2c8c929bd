import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors';

const VARIABLE_REFUSED = /^Variable "\$(\w+)" got invalid value .*? at "([\w.[\]]+)";|^Variable "\$(\w+)" got invalid value /s;

/**
 * A value a scalar refuses (a Date such as 2021-02-30) names its input field in
 * `extensions.field`, as every other refusal of a write does. GraphQL itself refuses such a
 * value before any resolver runs and says where only in its message (a variable) or by its
 * place in the document (a value written into it), so the field is read from there.
 */
export function withRefusedValueField(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== ErrorCode.BAD_USER_INPUT || formatted.extensions.field !== undefined) return formatted;
  const field = fieldOfVariable(formatted.message) ?? (error instanceof GraphQLError ? fieldOfLiteral(error) : undefined);
  return field ? { ...formatted, extensions: { ...formatted.extensions, field } } : formatted;
}

function fieldOfVariable(message: string): string | undefined {
  const match = VARIABLE_REFUSED.exec(message);
  if (!match) return undefined;
  if (match[3]) return match[3];
  // "input.registrerad", "input.parter[1].kostnadsandel": the last name on the path.
  return match[2]
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop();
}

function fieldOfLiteral(error: GraphQLError): string | undefined {
  const value = error.nodes?.[0];
  if (!value?.loc || !error.source) return undefined;
  let field: string | undefined;
  try {
    visit(parse(error.source), {
      enter(node: ASTNode) {
        if ((node.kind === Kind.OBJECT_FIELD || node.kind === Kind.ARGUMENT) && node.value.loc?.start === value.loc!.start) {
          field = node.name.value;
        }
      },
    });
  } catch {
    return undefined;
  }
  return field;
}
