import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { DashboardAndraSamverkansstatusDocument, type Omradesstatus } from '../generated/graphql';
import { label, omradesstatus, todayInSweden } from '../lib/labels';
import { writeErrorInWords } from '../lib/writeErrors';

/**
 * A samordnare's status change of an area. The answer is the area as it is now, which the
 * normalised cache puts in place of the old one: every view showing the area updates at once.
 */
export function StatusForm({
  omrade,
  onSaved,
}: {
  omrade: { id: string; namn: string; status: string };
  /** Told in the view, not here: the changed area may move to another status group. */
  onSaved: (message: string) => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<Omradesstatus>(omrade.status === 'STARTAT' ? 'AVVAKTAR' : 'STARTAT');
  const [datum, setDatum] = useState(todayInSweden());
  const [kommentar, setKommentar] = useState('');
  const [beslutKommun, setBeslutKommun] = useState('');
  const [beslutBeteckning, setBeslutBeteckning] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [andra, { loading }] = useMutation(DashboardAndraSamverkansstatusDocument);
  // One Idempotency-Key per change: sending the same change again after a lost answer reuses it,
  // so the samverkan subgraph saves it once; a different change gets a new key.
  const attempt = useRef<{ variables: string; key: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    const variables = {
      id: omrade.id,
      input: {
        status,
        datum,
        kommentar: kommentar.trim() || null,
        beslut:
          beslutKommun.trim() || beslutBeteckning.trim()
            ? { kommunkod: beslutKommun.trim(), beteckning: beslutBeteckning.trim() }
            : null,
      },
    };
    const sent = JSON.stringify(variables);
    if (attempt.current?.variables !== sent) attempt.current = { variables: sent, key: crypto.randomUUID() };
    try {
      const result = await andra({ variables, context: { headers: { 'Idempotency-Key': attempt.current.key } } });
      attempt.current = null;
      const now = result.data?.andraSamverkansstatus.status;
      setKommentar('');
      onSaved(`${omrade.namn} har nu status ${label(omradesstatus, now ?? status)}.`);
    } catch (error) {
      const errors = CombinedGraphQLErrors.is(error) ? error.errors : [{ message: (error as Error).message }];
      setErrors(errors.map(writeErrorInWords));
    }
  };

  return (
    <details className="status-form">
      <summary>Ändra status för {omrade.namn}</summary>
      <form onSubmit={submit} aria-describedby={`${id}-result`}>
        <label>
          Ny status
          <select value={status} onChange={(e) => setStatus(e.target.value as Omradesstatus)}>
            {Object.entries(omradesstatus).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label>
          Datum
          <input type="date" value={datum} onChange={(e) => setDatum(e.target.value)} required />
        </label>
        <label>
          Kommentar
          <input type="text" value={kommentar} onChange={(e) => setKommentar(e.target.value)} />
        </label>
        <fieldset>
          <legend>Beslutet bakom ändringen (valfritt)</legend>
          <label>
            Kommunkod
            <input
              type="text"
              inputMode="numeric"
              value={beslutKommun}
              onChange={(e) => setBeslutKommun(e.target.value)}
              placeholder="2262"
            />
          </label>
          <label>
            Beteckning
            <input
              type="text"
              value={beslutBeteckning}
              onChange={(e) => setBeslutBeteckning(e.target.value)}
              placeholder="KS 2021 § 12"
            />
          </label>
        </fieldset>
        <button type="submit" disabled={loading}>
          {loading ? 'Sparar…' : 'Ändra status'}
        </button>
        <div id={`${id}-result`} role="alert">
          {errors.length > 0 && (
            <ul className="error-message">
              {errors.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      </form>
    </details>
  );
}
