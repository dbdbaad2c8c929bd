import { Settings } from './components/Settings';
import { StateLink } from './components/Link';
import { KommunerContext } from './kommunContext';
import { lageLabel, lageOf } from './lib/kommunLage';
import { selectedKommunkoder, uppdateringsintervall, type KnownKommun, type Vy } from './lib/urlState';
import { NavigationContext, useAddressState } from './navigation';
import { useUpdatedAt } from './session';
import { useKommunerLage } from './useKommunerLage';
import { ArendenView } from './views/ArendenView';
import { AvtalView } from './views/AvtalView';
import { KommunLageView } from './views/KommunLageView';
import { ParagrafPanel } from './views/ParagrafPanel';
import { SamverkanView } from './views/SamverkanView';
import { UppdragView } from './views/UppdragView';

const vyNamn: Record<Vy, string> = {
  samverkan: 'Samverkan',
  avtal: 'Avtal',
  uppdrag: 'Uppdrag',
  arenden: 'Ärenden',
  lage: 'Kommunernas läge',
};

// Swedish time, as every time the page shows (the probe's, a kept answer's), wherever the reader is.
const time = new Intl.DateTimeFormat('sv-SE', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/Stockholm',
});

export function App() {
  const [state, navigate] = useAddressState();
  const pollInterval = state.uppdatera * 1000;
  // Every kommun of the registry, also those not answering, with what the gateway's probe found.
  const lage = useKommunerLage(pollInterval);
  const registered = lage.data?.kommuner ?? [];
  const known: KnownKommun[] = registered.map((k) => ({ kommunkod: k.kommunkod, namn: k.namn, lan: k.lan.namn }));
  const namn = new Map(known.map((k) => [k.kommunkod, k.namn]));
  const kommuner = {
    known,
    namnOf: (kod: string, fallback?: string | null) => namn.get(kod) ?? fallback ?? `kommun ${kod}`,
  };
  const lanList = [...new Set(known.map((k) => k.lan).filter((l): l is string => Boolean(l)))].sort();
  const kommunkoder = selectedKommunkoder(state, known);
  const updatedAt = useUpdatedAt();

  return (
    <NavigationContext.Provider value={{ state, navigate }}>
      <KommunerContext.Provider value={kommuner}>
        <a className="skip-link" href="#innehall">
          Hoppa till innehållet
        </a>
        <header className="top">
          <div className="title-row">
            <h1>Samverkan i kommungrafen</h1>
            <p className="updated" aria-live="polite">
              {updatedAt ? <>Uppdaterad {time.format(updatedAt)}</> : 'Hämtar…'}
            </p>
          </div>
          <nav aria-label="Vyer">
            <ul className="tabs">
              {(Object.keys(vyNamn) as Vy[]).map((vy) => (
                <li key={vy}>
                  <StateLink to={{ ...state, vy, paragraf: null }} current={state.vy === vy}>
                    {vyNamn[vy]}
                  </StateLink>
                </li>
              ))}
            </ul>
          </nav>
          <form className="filters" aria-label="Urval" onSubmit={(e) => e.preventDefault()}>
            <SelectField
              id="filter-lan"
              label="Län"
              value={state.lan ?? ''}
              options={[['', 'Alla län'], ...lanList.map((lan): [string, string] => [lan, lan])]}
              onChange={(lan) => navigate({ ...state, lan: lan || null, kommun: null })}
            />
            <SelectField
              id="filter-kommun"
              label="Kommun"
              value={state.kommun ?? ''}
              options={[
                ['', 'Alla kommuner'],
                ...known
                  .filter((k) => !state.lan || k.lan === state.lan)
                  .map((k): [string, string] => [k.kommunkod, `${k.namn} (${k.kommunkod})`]),
              ]}
              onChange={(kommun) => navigate({ ...state, kommun: kommun || null })}
            />
            <SelectField
              id="filter-uppdatera"
              label="Uppdatera"
              value={String(state.uppdatera)}
              options={uppdateringsintervall.map((s): [string, string] => [String(s), intervalName(s)])}
              onChange={(s) => navigate({ ...state, uppdatera: Number(s) })}
            />
          </form>
          <ul className="kommun-strip" aria-label="Kommunernas läge i korthet">
            {registered.map((k) => {
              const kommunensLage = lageOf(k);
              return (
                <li key={k.kommunkod} className={`lage-${kommunensLage}`} data-kommunkod={k.kommunkod}>
                  {k.namn}: {lageLabel(kommunensLage)}
                </li>
              );
            })}
          </ul>
          <Settings />
        </header>
        <main id="innehall" tabIndex={-1}>
          <h2 className="view-title">{vyNamn[state.vy]}</h2>
          {state.paragraf && <ParagrafPanel paragraf={state.paragraf} />}
          {state.vy === 'samverkan' && <SamverkanView kommunkoder={kommunkoder} pollInterval={pollInterval} />}
          {state.vy === 'avtal' && <AvtalView kommunkoder={kommunkoder} pollInterval={pollInterval} />}
          {state.vy === 'uppdrag' && <UppdragView kommunkoder={kommunkoder} pollInterval={pollInterval} />}
          {state.vy === 'arenden' && <ArendenView kommunkoder={kommunkoder} pollInterval={pollInterval} />}
          {state.vy === 'lage' && <KommunLageView lage={lage.data} error={lage.error} kommunkoder={kommunkoder} />}
        </main>
      </KommunerContext.Provider>
    </NavigationContext.Provider>
  );
}

const intervalName = (seconds: number): string =>
  seconds === 0
    ? 'Aldrig'
    : seconds < 60
      ? `Var ${seconds}:e sekund`
      : seconds === 60
        ? 'Varje minut'
        : `Var ${seconds / 60}:e minut`;

/** A labelled drop-down of the filters; `options` are value and text. */
function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
