import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import { tap } from 'rxjs';
import { entityKeys } from './generated/entityKeys';
import { persistedQueryIds } from './generated/persistedQueryIds';
import { entityTypePolicies } from './lib/entityPolicies';
import { markUpdated } from './session';

// Every query keeps the data that arrived when some kommuner failed; the types say so.
/* eslint-disable @typescript-eslint/no-namespace -- Apollo Client declares its default options in namespaces; only an augmentation of them can change the types */
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-namespace -- the augmentation ends here */

/**
 * One client for the whole dashboard, talking to the gateway that serves it (same origin, so no
 * CORS and nothing from another host). Answers keep their data when some kommuner failed
 * (`errorPolicy: 'all'`): a kommun that is down empties its own parts, never the page.
 */
export function createClient(token: () => string | null): ApolloClient {
  const auth = new SetContextLink((previous) => {
    const value = token();
    return value ? { headers: { ...previous.headers, authorization: `Bearer ${value}` } } : {};
  });
  // "Uppdaterad" is the time the last answer with data arrived, whichever view asked.
  const updated = new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap((result) => {
        if (result.data) markUpdated(new Date());
      }),
    ),
  );
  // Trusted documents: every operation goes as its hash from the generated manifest, never as
  // text, not even when the gateway does not know the hash (no retry with the full document),
  // so the dashboard works against a gateway that runs only its trusted documents.
  const persisted = new PersistedQueryLink({
    ...generatePersistedQueryIdsFromManifest({ loadManifest: () => persistedQueryIds }),
    retry: () => false,
  });
  return new ApolloClient({
    link: ApolloLink.from([auth, updated, persisted, new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({ typePolicies: entityTypePolicies(entityKeys) }),
    defaultOptions: {
      watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: false },
      query: { errorPolicy: 'all' },
    },
  });
}
