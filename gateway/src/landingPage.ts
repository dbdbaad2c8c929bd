import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  type ApolloServerPluginLandingPageLocalDefaultOptions,
} from '@apollo/server/plugin/landingPage/default';

/** Where the gateway serves the explorer bundled with the project (explorer/): `/graphiql/`. */
export const explorerPrefix = '/graphiql';

/** The line Apollo's page shows when Sandbox, loaded from Apollo's servers, cannot load. */
const offlineLine = /<p>Apollo Sandbox cannot be loaded;[^<]*<\/p>/;

/**
 * Apollo Sandbox at `/`, as before, but when the browser cannot reach Apollo's servers (a closed
 * network) the page says where the bundled explorer is instead of only that it is offline.
 */
export function sandboxLandingPage<TContext extends BaseContext>(
  options: ApolloServerPluginLandingPageLocalDefaultOptions,
): ApolloServerPlugin<TContext> {
  const sandbox = ApolloServerPluginLandingPageLocalDefault(options) as ApolloServerPlugin<TContext>;
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!render) throw new Error('Apollo Server’s Sandbox landing page no longer renders a page');
      return {
        async renderLandingPage() {
          const page = await render();
          // Each rendering has its own CSP nonce, so the page is rewritten each time.
          return { html: async () => withExplorerLink(typeof page.html === 'string' ? page.html : await page.html()) };
        },
      };
    },
  };
}

function withExplorerLink(html: string): string {
  const nonce = /nonce="?([0-9a-f]+)/.exec(html)?.[1];
  if (!offlineLine.test(html) || !nonce) throw new Error('Apollo Server’s Sandbox page changed: its offline message is gone');
  return html.replace(
    offlineLine,
    '<p>Apollo Sandbox cannot be loaded: it comes from Apollo’s servers, which this browser cannot reach.</p>' +
      `<p>The explorer that ships with this gateway works without them: <a href="${explorerPrefix}/">${explorerPrefix}/</a></p>` +
      // Sandbox's empty frame lies over this message; without Sandbox it must not catch the clicks.
      `<style nonce="${nonce}">#embeddableSandbox:empty { pointer-events: none; }</style>`,
  );
}
