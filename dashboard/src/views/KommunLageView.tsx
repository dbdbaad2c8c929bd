import { QueryProblems } from '../components/QueryProblems';
import { lageExplanation, lageLabel, lageOf, type KommunerLage } from '../lib/kommunLage';
import { isSelected } from '../lib/urlState';

const clock = new Intl.DateTimeFormat('sv-SE', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/Stockholm',
});

/**
 * Every kommun of the graph's registry and what the gateway's own probe found when it last
 * asked it (GET /kommuner): whether it answers and whether its schema serves the graph. Each
 * view says itself which kommuner are missing from its answer, or stand in with saved data.
 */
export function KommunLageView({
  lage,
  error,
  kommunkoder,
}: {
  lage: KommunerLage | null;
  error: Error | null;
  kommunkoder: string[] | null;
}) {
  const kommuner = lage?.kommuner ?? [];
  const svarar = kommuner.filter((k) => lageOf(k) === 'svarar').length;
  const rows = kommuner.filter((k) => isSelected(kommunkoder, k.kommunkod));
  return (
    <section>
      {/* The gateway itself not answering: the table keeps its last state. */}
      <QueryProblems error={error} what="kommunernas läge" />
      {lage ? (
        <p>
          {svarar} av {kommuner.length} kommuner svarade när grafen senast frågade dem, kl.{' '}
          <time dateTime={lage.checkedAt}>{clock.format(new Date(lage.checkedAt))}</time>.
        </p>
      ) : (
        !error && <p className="loading">Hämtar kommunernas läge…</p>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Kommunernas läge">
        <table className="lage">
          <thead>
            <tr>
              <th scope="col">Kommun</th>
              <th scope="col">Län</th>
              <th scope="col">Läge</th>
              <th scope="col">Kontrollerad</th>
              <th scope="col">Förklaring</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((k) => {
              const kommunensLage = lageOf(k);
              return (
                <tr key={k.kommunkod} data-kommunkod={k.kommunkod} data-lage={kommunensLage}>
                  <th scope="row">
                    {k.namn} ({k.kommunkod})
                  </th>
                  <td>{k.lan.namn}</td>
                  <td>
                    {kommunensLage === 'svarar' ? (
                      lageLabel(kommunensLage)
                    ) : (
                      <span className="badge late">{lageLabel(kommunensLage)}</span>
                    )}
                  </td>
                  <td>{k.checkedAt ? <time dateTime={k.checkedAt}>{clock.format(new Date(k.checkedAt))}</time> : '–'}</td>
                  <td>{lageExplanation(kommunensLage)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
