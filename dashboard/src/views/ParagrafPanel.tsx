import { useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { Datum } from '../components/Datum';
import { QueryProblems } from '../components/QueryProblems';
import { StateLink } from '../components/Link';
import { DashboardParagrafDocument } from '../generated/graphql';
import { useKommuner } from '../kommunContext';
import { label, utfall } from '../lib/labels';
import type { ParagrafRef } from '../lib/urlState';
import { useDashboardState } from '../navigation';

/** A decision's paragraph, read from its own kommun (the contract's `Paragraf`). */
export function ParagrafPanel({ paragraf }: { paragraf: ParagrafRef }) {
  const state = useDashboardState();
  const { namnOf } = useKommuner();
  const { data, error, loading } = useQuery(DashboardParagrafDocument, { variables: paragraf });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [paragraf.kommunkod, paragraf.beteckning]);
  const p = data?.paragraf;
  return (
    <section className="card paragraf" aria-labelledby="paragraf-rubrik">
      <h3 id="paragraf-rubrik" ref={heading} tabIndex={-1}>
        {paragraf.beteckning} i {namnOf(paragraf.kommunkod)}
      </h3>
      <QueryProblems error={error} what="paragrafen" />
      {loading && !data && <p className="loading">Hämtar paragrafen…</p>}
      {data && !p && !error && (
        <p>
          {namnOf(paragraf.kommunkod)} har ingen paragraf {paragraf.beteckning}.
        </p>
      )}
      {p && (
        <dl className="facts">
          <dt>Organ</dt>
          <dd>{p.organ.namn}</dd>
          <dt>Datum</dt>
          <dd>{p.datum ? <Datum value={p.datum} field="datum" illustrativaFalt={p.illustrativaFalt} /> : 'Uppgift saknas'}</dd>
          <dt>Rubrik</dt>
          <dd>{p.rubrik ?? 'Uppgift saknas'}</dd>
          <dt>Utfall</dt>
          <dd>{label(utfall, p.utfall)}</dd>
          <dt>Beslut</dt>
          <dd>{p.beslutstext ?? 'Uppgift saknas'}</dd>
          {p.arende && (
            <>
              <dt>Ärende</dt>
              <dd>
                {p.arende.diarienummer} {p.arende.rubrik ? `– ${p.arende.rubrik}` : ''}
              </dd>
            </>
          )}
        </dl>
      )}
      <StateLink to={{ ...state, paragraf: null }}>Stäng paragrafen</StateLink>
    </section>
  );
}
