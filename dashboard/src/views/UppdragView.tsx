import { useQuery } from '@apollo/client/react';
import { QueryProblems } from '../components/QueryProblems';
import { Datum } from '../components/Datum';
import { StateLink } from '../components/Link';
import { DashboardUppdragDocument } from '../generated/graphql';
import { sortUppdrag } from '../lib/counts';
import { label, uppdragsstatus } from '../lib/labels';
import { useDashboardState } from '../navigation';
import type { ViewProps } from './SamverkanView';

/** Assignments across kommuner, late ones first, with deadline and who has them. */
export function UppdragView({ kommunkoder, pollInterval }: ViewProps) {
  const state = useDashboardState();
  const { data, error, loading } = useQuery(DashboardUppdragDocument, {
    variables: { kommunkoder },
    pollInterval,
  });
  const uppdrag = sortUppdrag((data?.kommuner ?? []).flatMap((k) => k.uppdrag.map((u) => ({ ...u, kommun: k.namn }))));
  const forsenade = uppdrag.filter((u) => u.forsenad).length;
  return (
    <section>
      <QueryProblems error={error} what="uppdragen" />
      {loading && !data && <p className="loading">Hämtar uppdrag…</p>}
      {data && (
        <p>
          {uppdrag.length} uppdrag, varav{' '}
          <strong>
            {forsenade} {forsenade === 1 ? 'försenat' : 'försenade'}
          </strong>
          .
        </p>
      )}
      {uppdrag.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Uppdrag">
          <table className="uppdrag">
            <thead>
              <tr>
                <th scope="col">Kommun</th>
                <th scope="col">Vem har uppdraget</th>
                <th scope="col">Uppdrag</th>
                <th scope="col">Deadline</th>
                <th scope="col">Status</th>
                <th scope="col">Givet i</th>
              </tr>
            </thead>
            <tbody>
              {uppdrag.map((u) => (
                <tr key={`${u.kommunkod}-${u.id}`} className={u.forsenad ? 'late' : undefined} data-uppdrag={u.id}>
                  <td>{u.kommun}</td>
                  <td>{u.mottagare}</td>
                  <td>{u.beskrivning}</td>
                  <td className="date">
                    {u.deadline ? <Datum value={u.deadline} field="deadline" illustrativaFalt={u.illustrativaFalt} /> : 'Ingen'}
                  </td>
                  <td>{u.forsenad ? <span className="badge late">Försenat</span> : label(uppdragsstatus, u.status)}</td>
                  <td>
                    {u.givetI ? (
                      <StateLink to={{ ...state, paragraf: { kommunkod: u.givetI.kommunkod, beteckning: u.givetI.beteckning } }}>
                        {u.givetI.beteckning}
                      </StateLink>
                    ) : (
                      'Uppgift saknas'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
