import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getArgumentValues, getVariableValues } from 'graphql';
import { canWriteInKommun, type Caller } from '#platform/auth/caller';
import { unauthenticated } from './userTokens';
import { rootFieldsOf } from './rootFieldsOf';
import { ErrorCode } from '#platform/errors';

export interface AuthContext {
  caller: Caller | null;
}

const forbidden = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });

/**
 * Refuses writes the caller may not make, before any subgraph is called: a write needs a user;
 * a kommun write (a mutation with `kommunkod`) needs that kommun's HANDLAGGARE or ADMIN; a
 * samverkan write needs a SAMORDNARE. The subgraphs check again, with the data at hand (such as
 * whether the samordnare's kommun is a party), so this is the first check, not the only one.
 */
export function writeAuthorizationPlugin<T extends AuthContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, request, document, schema }) {
          if (operation?.operation !== 'mutation') return;
          const { caller } = contextValue;
          if (!caller) throw unauthenticated('Writing needs a user: send a bearer token');
          const mutationType = schema.getMutationType();
          // The values execution will see, defaults included: @skip(if: $x) and kommunkod: $k decide here as there.
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, {
            maxErrors: 1,
          });
          if (variables.errors) {
            throw new GraphQLError(variables.errors[0].message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
          }
          // Every root field that will run, wherever it stands: in the operation or in a fragment.
          for (const field of rootFieldsOf(document, operation, variables.coerced)) {
            const name = field.name.value;
            if (name === '__typename') continue;
            const definition = mutationType?.getFields()[name];
            if (definition?.args.some((a) => a.name === 'kommunkod')) {
              const kommunkod = String(getArgumentValues(definition, field, variables.coerced).kommunkod);
              if (!canWriteInKommun(caller, kommunkod)) {
                throw forbidden(
                  `${name} writes in kommun ${kommunkod}; that needs a HANDLAGGARE or ADMIN of kommun ${kommunkod}, and you are ${caller.roller.join('/') || 'without roles'} in ${caller.kommunkod}`,
                );
              }
            } else if (!caller.roller.includes('SAMORDNARE')) {
              throw forbidden(`${name} changes the collaboration; that needs the role SAMORDNARE`);
            }
          }
        },
      };
    },
  };
}
