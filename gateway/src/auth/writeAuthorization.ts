import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, valueFromASTUntyped } from 'graphql';
import { canWriteInKommun, type Caller } from '#platform/auth/caller';
import { unauthenticated } from './userTokens';
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
        async didResolveOperation({ operation, contextValue, request }) {
          if (operation?.operation !== 'mutation') return;
          const { caller } = contextValue;
          if (!caller) throw unauthenticated('Writing needs a user: send a bearer token');
          for (const selection of operation.selectionSet.selections) {
            if (selection.kind !== Kind.FIELD) continue;
            const argument = selection.arguments?.find((a) => a.name.value === 'kommunkod');
            if (argument) {
              const kommunkod = String(valueFromASTUntyped(argument.value, request.variables ?? {}));
              if (!canWriteInKommun(caller, kommunkod)) {
                throw forbidden(
                  `${selection.name.value} writes in kommun ${kommunkod}; that needs a HANDLAGGARE or ADMIN of kommun ${kommunkod}, and you are ${caller.roller.join('/') || 'without roles'} in ${caller.kommunkod}`,
                );
              }
            } else if (!caller.roller.includes('SAMORDNARE')) {
              throw forbidden(`${selection.name.value} changes the collaboration; that needs the role SAMORDNARE`);
            }
          }
        },
      };
    },
  };
}
