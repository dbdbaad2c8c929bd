import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { claimsOf, saveToken, useToken } from '../session';

/**
 * Signing in for development: a samordnare pastes a token from `npm run token` (kept for this
 * tab only). The gateway verifies it on every write; the page only shows who it says it is.
 */
export function Settings() {
  const token = useToken();
  const client = useApolloClient();
  const [draft, setDraft] = useState('');
  const claims = claimsOf(token);
  const signIn = () => {
    saveToken(draft.trim() || null);
    setDraft('');
    // Answers may differ per user (sekretess): read everything again as the new user.
    void client.resetStore();
  };
  const signOut = () => {
    saveToken(null);
    void client.resetStore();
  };
  return (
    <details className="settings">
      <summary>
        Inställningar{' '}
        <span className="signed-in">
          {claims
            ? `(inloggad: ${claims.sub ?? 'okänd'}, ${claims.roller.join(', ') || 'inga roller'}, kommun ${claims.kommunkod ?? '?'})`
            : '(inte inloggad)'}
        </span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signIn();
        }}
      >
        <label htmlFor="token">
          Token (utvecklingstoken från <code>npm run token</code>)
        </label>
        <textarea id="token" rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} spellCheck={false} />
        <div className="buttons">
          <button type="submit" disabled={!draft.trim()}>
            Logga in
          </button>
          <button type="button" onClick={signOut} disabled={!token}>
            Logga ut
          </button>
        </div>
        {claims?.exp && <p>Token gäller till {new Date(claims.exp * 1000).toLocaleString('sv-SE')}.</p>}
      </form>
    </details>
  );
}
