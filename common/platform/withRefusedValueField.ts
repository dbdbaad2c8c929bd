import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError, type ValueNode } from 'graphql';
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
  const graphQLError = error instanceof GraphQLError ? error : undefined;
  const field = fieldOfVariable(formatted.message, graphQLError) ?? (graphQLError ? fieldOfLiteral(graphQLError) : undefined);
  return field ? { ...formatted, extensions: { ...formatted.extensions, field } } : formatted;
}

function fieldOfVariable(message: string, error: GraphQLError | undefined): string | undefined {
  const match = VARIABLE_REFUSED.exec(message);
  if (!match) return undefined;
  // The variable is itself the refused value: the argument or input field it is passed to.
  if (match[3]) return (error && fieldTakingVariable(error, match[3])) ?? match[3];
  // "input.registrerad", "input.parter[1].kostnadsandel": the last name on the path.
  return match[2]
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop();
}

function fieldOfLiteral(error: GraphQLError): string | undefined {
  const start = error.nodes?.[0]?.loc?.start;
  return start === undefined ? undefined : fieldWhere(error, (value) => value.loc?.start === start);
}

function fieldTakingVariable(error: GraphQLError, variable: string): string | undefined {
  return fieldWhere(error, (value) => value.kind === Kind.VARIABLE && value.name.value === variable);
}

/** The name of the (first) argument or input field of the error's document whose value `holds`. */
function fieldWhere(error: GraphQLError, holds: (value: ValueNode) => boolean): string | undefined {
  if (!error.source) return undefined;
  let field: string | undefined;
  try {
    visit(parse(error.source), {
      enter(node: ASTNode) {
        if (field === undefined && (node.kind === Kind.OBJECT_FIELD || node.kind === Kind.ARGUMENT) && holds(node.value)) {
          field = node.name.value;
        }
      },
    });
  } catch {
    return undefined;
  }
  return field;
}
