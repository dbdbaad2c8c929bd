import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { QueryProblems } from '../components/QueryProblems';
import { Datum } from '../components/Datum';
import { StateLink } from '../components/Link';
import { StatusForm } from '../components/StatusForm';
import { DashboardSamverkanDocument, type DashboardSamverkanQuery } from '../generated/graphql';
import { useKommuner } from '../kommunContext';
import { label, omradesstatus, partsstatus, samverkansform, utfall } from '../lib/labels';
import { isSelected } from '../lib/urlState';
import { useDashboardState } from '../navigation';
import { useToken } from '../session';

type Samverkan = DashboardSamverkanQuery['samverkan'][number];
type Omrade = Samverkan['omraden'][number];

const statusOrder = Object.keys(omradesstatus);

export interface ViewProps {
  kommunkoder: string[] | null;
  pollInterval: number;
}

export function SamverkanView({ kommunkoder, pollInterval }: ViewProps) {
  const { data, error, loading } = useQuery(DashboardSamverkanDocument, { pollInterval });
  const [notice, setNotice] = useState<string | null>(null);
  const samverkan = (data?.samverkan ?? []).filter(
    // Parties are named by samverkan itself only through the kommun; a party whose kommun is down keeps the collaboration.
    (s) => kommunkoder === null || s.parter.some((p) => !p.kommun || isSelected(kommunkoder, p.kommun.kommunkod)),
  );
  return (
    <section aria-labelledby="samverkan-rubrik">
      <h3 id="samverkan-rubrik" className="sr-only">
        Samverkan mellan kommunerna
      </h3>
      <QueryProblems error={error} what="samverkan" />
      <p className="write-notice" role="status">
        {notice}
      </p>
      {loading && !data && <p className="loading">Hämtar samverkan…</p>}
      {data && samverkan.length === 0 && <p>Ingen samverkan med de valda kommunerna.</p>}
      {samverkan.map((s) => (
        <SamverkanCard key={s.id} samverkan={s} onSaved={setNotice} />
      ))}
    </section>
  );
}

function SamverkanCard({ samverkan, onSaved }: { samverkan: Samverkan; onSaved: (message: string) => void }) {
  const groups = statusOrder
    .map((status) => ({ status, omraden: samverkan.omraden.filter((o) => o.status === status) }))
    .filter((g) => g.omraden.length > 0);
  return (
    <article className="card" aria-labelledby={`samverkan-${samverkan.id}`}>
      <h3 id={`samverkan-${samverkan.id}`}>{samverkan.namn}</h3>
      <h4>Parter</h4>
      <ul className="parter">
        {samverkan.parter.map((p, i) => (
          <li key={p.kommun?.kommunkod ?? `okand-${i}`} data-part={p.kommun?.namn ?? ''}>
            <span className="part-namn">{p.kommun ? p.kommun.namn : 'Kommun som inte svarar'}</span>{' '}
            <span className={`badge part-${p.status.toLowerCase()}`}>{label(partsstatus, p.status)}</span>
            {p.sedan && (
              <span className="muted">
                {' '}
                sedan <Datum value={p.sedan} field="sedan" illustrativaFalt={p.illustrativaFalt} />
              </span>
            )}
          </li>
        ))}
      </ul>
      {groups.map((g) => (
        <section key={g.status} className="status-group" aria-labelledby={`grupp-${samverkan.id}-${g.status}`}>
          <h4 id={`grupp-${samverkan.id}-${g.status}`}>
            {label(omradesstatus, g.status)} ({g.omraden.length})
          </h4>
          <p className="muted">Per form: {formsOf(g.omraden)}</p>
          <div className="omraden">
            {[...g.omraden]
              .sort((a, b) => (a.form ?? '').localeCompare(b.form ?? '') || a.namn.localeCompare(b.namn, 'sv'))
              .map((o) => (
                <OmradeCard key={o.id} omrade={o} onSaved={onSaved} />
              ))}
          </div>
        </section>
      ))}
    </article>
  );
}

/** How many areas of a group have each form: "Fördjupad samverkan 1, Tjänsteköp 1". */
function formsOf(omraden: readonly Omrade[]): string {
  const counts = new Map<string, number>();
  for (const o of omraden) {
    const form = label(samverkansform, o.form, 'inte bestämd');
    counts.set(form, (counts.get(form) ?? 0) + 1);
  }
  return [...counts].map(([form, n]) => `${form} ${n}`).join(', ');
}

function OmradeCard({ omrade, onSaved }: { omrade: Omrade; onSaved: (message: string) => void }) {
  const state = useDashboardState();
  const { namnOf } = useKommuner();
  const token = useToken();
  return (
    <article className="omrade" data-omrade={omrade.id} aria-labelledby={`omrade-${omrade.id}`}>
      <h5 id={`omrade-${omrade.id}`}>{omrade.namn}</h5>
      <dl className="facts">
        <dt>Status</dt>
        <dd className="omrade-status">{label(omradesstatus, omrade.status)}</dd>
        <dt>Form</dt>
        <dd className="omrade-form">{label(samverkansform, omrade.form, 'Inte bestämd')}</dd>
      </dl>
      <h6>Statushistorik</h6>
      <ol className="timeline">
        {omrade.statushistorik.map((h, i) => (
          <li key={`${h.datum}-${i}`}>
            <Datum value={h.datum} field="datum" illustrativaFalt={h.illustrativaFalt} />{' '}
            <strong>{label(omradesstatus, h.status)}</strong>
            {h.kommentar && <span className="kommentar"> – {h.kommentar}</span>}
            {h.beslut && (
              <>
                {' '}
                (beslut:{' '}
                <StateLink to={{ ...state, paragraf: h.beslut }}>
                  {h.beslut.beteckning} i {namnOf(h.beslut.kommunkod)}
                </StateLink>
                )
              </>
            )}
          </li>
        ))}
      </ol>
      <h6>Beslut</h6>
      <ul className="beslut">
        {omrade.beslut.map((b, i) =>
          b ? (
            <li key={`${b.kommunkod}-${b.beteckning}`}>
              <StateLink to={{ ...state, paragraf: { kommunkod: b.kommunkod, beteckning: b.beteckning } }}>
                {b.beteckning} i {namnOf(b.kommunkod)}
              </StateLink>
              {b.utfall && <span className="muted"> – {label(utfall, b.utfall)}</span>}
              {b.rubrik && <span className="muted"> – {b.rubrik}</span>}
            </li>
          ) : (
            <li key={`saknas-${i}`} className="muted">
              Ett beslut i en kommun som inte svarar
            </li>
          ),
        )}
      </ul>
      {token && <StatusForm omrade={omrade} onSaved={onSaved} />}
    </article>
  );
}
