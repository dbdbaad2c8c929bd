import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import { graphqlRequestDuration, operationLabel } from './metrics';
import { tracingEnabled } from './tracing';

/** Observes each GraphQL request's duration by operation name, and names the operation on its trace's server span. */
export function requestTelemetryPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, request }) {
          const name = operationName ?? request.operationName;
          graphqlRequestDuration.observe({ operation: operationLabel(name) }, (performance.now() - started) / 1000);
          if (name && tracingEnabled()) trace.getActiveSpan()?.setAttribute('graphql.operation.name', name);
        },
      };
    },
  };
}
