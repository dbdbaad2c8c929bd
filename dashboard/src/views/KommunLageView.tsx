import { useKommuner } from '../kommunContext';
import { problemExplanation, problemLabel, type KommunProblem } from '../lib/kommunLage';
import { isSelected } from '../lib/urlState';
import { QueryProblems } from '../components/QueryProblems';
import { CombinedGraphQLErrors } from '@apollo/client';

/**
 * Which kommuner answered the last refresh and which did not, and why, from the coded errors of
 * the gateway's answer. A kommun seen earlier in this tab is listed even while it is down.
 */
export function KommunLageView({
  answered,
  problems,
  error,
  kommunkoder,
}: {
  answered: readonly { kommunkod: string; namn: string; lan: string }[];
  problems: KommunProblem[];
  error: unknown;
  kommunkoder: string[] | null;
}) {
  const { known } = useKommuner();
  const answeredKoder = new Set(answered.map((k) => k.kommunkod));
  const rows = known.filter((k) => isSelected(kommunkoder, k.kommunkod));
  return (
    <section>
      {/* Errors that are not about one kommun, e.g. the gateway itself not answering. */}
      {error && !CombinedGraphQLErrors.is(error) ? <QueryProblems error={error} what="kommunernas läge" /> : null}
      <p>
        {answeredKoder.size} av {known.length} kommuner svarade vid senaste uppdateringen.
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Kommunernas läge">
        <table className="lage">
          <thead>
            <tr>
              <th scope="col">Kommun</th>
              <th scope="col">Län</th>
              <th scope="col">Läge</th>
              <th scope="col">Förklaring</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((k) => {
              const problem = problems.find((p) => p.kommunkod === k.kommunkod);
              return (
                <tr key={k.kommunkod} data-kommunkod={k.kommunkod} className={problem ? 'bad' : undefined}>
                  <th scope="row">
                    {k.namn} ({k.kommunkod})
                  </th>
                  <td>{k.lan ?? 'Okänt'}</td>
                  <td>
                    {problem ? (
                      <span className="badge late">{problemLabel(problem)}</span>
                    ) : answeredKoder.has(k.kommunkod) ? (
                      'Svarar'
                    ) : (
                      'Okänt'
                    )}
                  </td>
                  <td>
                    {problem ? (
                      <>
                        {problemExplanation(problem)}{' '}
                        <span className="muted">
                          ({problem.code}: {problem.message})
                        </span>
                      </>
                    ) : answeredKoder.has(k.kommunkod) ? (
                      'Kommunens uppgifter är med i svaret.'
                    ) : (
                      'Inget svar ännu.'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
