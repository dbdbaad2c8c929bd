import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import { ErrorCode } from '#platform/errors';

/**
 * An `operationName` that names no operation of the document (or no name where the document has
 * several) is the client's mistake: a 400 under GraphQL over HTTP. Apollo Server leaves it to the
 * executor, and @apollo/gateway's executor reports it as INVALID_GRAPHQL with HTTP 500, so it is
 * refused here, once Apollo Server has looked for the operation and found none.
 */
export function operationResolutionPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document }) {
          if (operation) return;
          const names = document.definitions.flatMap((d) =>
            d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : [],
          );
          const message = request.operationName
            ? `The document has no operation named "${request.operationName}"; its operations are ${names.join(', ') || 'none'}`
            : `The document has several operations (${names.join(', ')}); name the one to run in operationName`;
          throw new GraphQLError(message, {
            extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
          });
        },
      };
    },
  };
}
