import { useLazyQuery, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { QueryProblems } from '../components/QueryProblems';
import { DashboardArendeantalDocument, SokArendenDocument } from '../generated/graphql';
import { countArenden } from '../lib/counts';
import { arendestatus, label } from '../lib/labels';
import type { ViewProps } from './SamverkanView';

const statuses = Object.keys(arendestatus);

/**
 * Ärenden counted per kommun, organ and status by the graph's `statistik` (each kommun counts in
 * its own database), with a search across kommuner.
 */
export function ArendenView({ kommunkoder, pollInterval }: ViewProps) {
  const { data, error, loading } = useQuery(DashboardArendeantalDocument, { variables: { kommunkoder }, pollInterval });
  const counts = countArenden(data?.kommuner ?? [], data?.statistik?.arenden ?? []);
  return (
    <section>
      <QueryProblems error={error} what="ärendena" />
      {loading && !data && <p className="loading">Hämtar ärenden…</p>}
      <div className="grid">
        {counts.map((c) => (
          <article key={c.kommunkod} className="card" data-kommunkod={c.kommunkod} aria-labelledby={`arenden-${c.kommunkod}`}>
            <h3 id={`arenden-${c.kommunkod}`}>
              {c.namn}: {c.total} {c.total === 1 ? 'ärende' : 'ärenden'}
            </h3>
            {c.total === 0 ? (
              <p>Inga ärenden.</p>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-label={`Ärenden i ${c.namn} per organ och status`}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Organ</th>
                      {statuses.map((s) => (
                        <th scope="col" key={s}>
                          {label(arendestatus, s)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {c.byOrgan.map(([organ, row]) => (
                      <tr key={organ}>
                        <th scope="row">{organ}</th>
                        {statuses.map((s) => (
                          <td key={s}>{row[s] ?? 0}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </article>
        ))}
      </div>
      <Search kommunkoder={kommunkoder} />
    </section>
  );
}

function Search({ kommunkoder }: { kommunkoder: string[] | null }) {
  const [text, setText] = useState('');
  const [search, { data, error, loading, called }] = useLazyQuery(SokArendenDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) void search({ variables: { kommunkoder, text: text.trim() } });
  };
  const hits = (data?.kommuner ?? []).flatMap((k) => k.arenden.nodes.map((a) => ({ ...a, kommun: k.namn })));
  return (
    <section className="card" aria-labelledby="sok-rubrik">
      <h3 id="sok-rubrik">Sök ärenden i kommunerna</h3>
      <form onSubmit={submit} role="search" className="search">
        <label>
          Sökord
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" disabled={loading}>
          Sök
        </button>
      </form>
      <QueryProblems error={error} what="sökresultatet" />
      {called && data && (
        <div aria-live="polite">
          <p>
            {hits.length === 0
              ? 'Inga ärenden matchar.'
              : `${hits.length} ${hits.length === 1 ? 'ärende matchar' : 'ärenden matchar'}.`}
          </p>
          <ul>
            {hits.map((a) => (
              <li key={`${a.kommunkod}-${a.diarienummer}`}>
                {a.kommun}, {a.diarienummer}: {a.rubrik ?? '(sekretess)'} – {label(arendestatus, a.status)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
