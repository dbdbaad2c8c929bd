import { useQuery } from '@apollo/client/react';
import { CostChart } from '../components/CostChart';
import { Datum } from '../components/Datum';
import { QueryProblems } from '../components/QueryProblems';
import { DashboardSamverkanDocument } from '../generated/graphql';
import { avtalsroll, label, percent } from '../lib/labels';
import { isSelected } from '../lib/urlState';
import type { ViewProps } from './SamverkanView';

/** Agreements with their parties, roles and cost shares, and what the source leaves out. */
export function AvtalView({ kommunkoder, pollInterval }: ViewProps) {
  const { data, error, loading } = useQuery(DashboardSamverkanDocument, { pollInterval });
  const avtal = (data?.samverkan ?? []).flatMap((s) =>
    s.omraden.flatMap((o) => o.avtal.map((a) => ({ ...a, omrade: o.namn, samverkan: s.namn }))),
  );
  const shown = avtal.filter(
    (a) => kommunkoder === null || a.parter.some((p) => !p.kommun || isSelected(kommunkoder, p.kommun.kommunkod)),
  );
  return (
    <section>
      <QueryProblems error={error} what="avtalen" />
      {loading && !data && <p className="loading">Hämtar avtal…</p>}
      {data && shown.length === 0 && <p>Inga avtal med de valda kommunerna.</p>}
      {shown.map((a) => {
        const saknas = [
          a.tecknat ? null : 'datum då avtalet tecknades',
          a.rattsligGrund ? null : 'rättslig grund',
          a.parter.some((p) => p.roll == null) ? 'parternas roller (värdkommun eller part)' : null,
          a.parter.some((p) => p.kostnadsandel == null) ? 'kostnadsfördelning' : null,
        ].filter((s): s is string => s !== null);
        return (
          <article key={a.id} className="card" data-avtal={a.id} aria-labelledby={`avtal-${a.id}`}>
            <h3 id={`avtal-${a.id}`}>{a.namn}</h3>
            <dl className="facts">
              <dt>Område</dt>
              <dd>
                {a.omrade} ({a.samverkan})
              </dd>
              <dt>Resurs</dt>
              <dd>{a.resurs ?? 'Uppgift saknas'}</dd>
              <dt>Tecknat</dt>
              <dd>
                {a.tecknat ? <Datum value={a.tecknat} field="tecknat" illustrativaFalt={a.illustrativaFalt} /> : 'Uppgift saknas'}
              </dd>
              <dt>Rättslig grund</dt>
              <dd>{a.rattsligGrund ?? 'Uppgift saknas'}</dd>
            </dl>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={`Parter i ${a.namn}`}>
              <table>
                <caption>Parter</caption>
                <thead>
                  <tr>
                    <th scope="col">Kommun</th>
                    <th scope="col">Roll</th>
                    <th scope="col">Kostnadsandel</th>
                  </tr>
                </thead>
                <tbody>
                  {a.parter.map((p, i) => (
                    <tr key={p.kommun?.kommunkod ?? i}>
                      <td>{p.kommun?.namn ?? 'Kommun som inte svarar'}</td>
                      <td>{label(avtalsroll, p.roll)}</td>
                      <td>{p.kostnadsandel == null ? 'Uppgift saknas' : percent(p.kostnadsandel)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CostChart
              title={`Kostnadsfördelning, ${a.namn}`}
              parter={a.parter.map((p) => ({ namn: p.kommun?.namn ?? 'Okänd kommun', kostnadsandel: p.kostnadsandel }))}
            />
            {saknas.length > 0 && (
              <div className="missing">
                <h4>Saknas i källan</h4>
                <ul>
                  {saknas.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </div>
            )}
          </article>
        );
      })}
    </section>
  );
}
