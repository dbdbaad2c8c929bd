import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { contractTabs } from './contractTabs';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './page.css';

// The contract's operations, bundled at build time: the explorer needs nothing but the gateway.
const contract = import.meta.glob<string>('../../contract/*.graphql', { query: '?raw', import: 'default', eager: true });
// The day in Sweden, for the example status change.
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

// The gateway that served this page; GraphQL is at /graphql beside /graphiql/.
const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', window.location.href).href });
const plugins = [explorerPlugin()];

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} plugins={plugins} defaultTabs={contractTabs(contract, today)} defaultEditorToolsVisibility>
      <GraphiQL.Logo>kommungraf</GraphiQL.Logo>
      <GraphiQL.Footer>
        <p className="kommungraf-token-hint">
          Writes need a user token: run <code>npm run token -- --kommun 2262 --roll HANDLAGGARE</code> and paste{' '}
          <code>{'{ "Authorization": "Bearer <token>" }'}</code> under Headers.
        </p>
      </GraphiQL.Footer>
    </GraphiQL>
  </StrictMode>,
);
