/**
 * The dashboard's state lives in the address, so that a link shows the same view:
 * `?vy=uppdrag&lan=Västernorrlands+län&kommun=2262&uppdatera=30`, and an opened paragraph as
 * `&paragraf=2262:KS 2019 § 257`.
 */
export const vyer = ['samverkan', 'avtal', 'uppdrag', 'arenden', 'lage'] as const;
export type Vy = (typeof vyer)[number];

export const uppdateringsintervall = [0, 15, 30, 60, 300] as const;
export const standardintervall = 30;

export interface ParagrafRef {
  kommunkod: string;
  beteckning: string;
}

export interface DashboardState {
  vy: Vy;
  lan: string | null;
  kommun: string | null;
  /** Seconds between refreshes; 0 is off. */
  uppdatera: number;
  paragraf: ParagrafRef | null;
}

export function parseState(search: string): DashboardState {
  const params = new URLSearchParams(search);
  const vy = params.get('vy');
  const uppdatera = Number(params.get('uppdatera'));
  const paragraf = /^(\d{4}):(.+)$/.exec(params.get('paragraf') ?? '');
  return {
    vy: vyer.includes(vy as Vy) ? (vy as Vy) : 'samverkan',
    lan: params.get('lan') || null,
    kommun: /^\d{4}$/.test(params.get('kommun') ?? '') ? params.get('kommun') : null,
    uppdatera:
      params.has('uppdatera') && (uppdateringsintervall as readonly number[]).includes(uppdatera) ? uppdatera : standardintervall,
    paragraf: paragraf ? { kommunkod: paragraf[1], beteckning: paragraf[2] } : null,
  };
}

/** The query string of a state; defaults are left out so that links stay short. */
export function formatState(state: DashboardState): string {
  const params = new URLSearchParams();
  params.set('vy', state.vy);
  if (state.lan) params.set('lan', state.lan);
  if (state.kommun) params.set('kommun', state.kommun);
  if (state.uppdatera !== standardintervall) params.set('uppdatera', String(state.uppdatera));
  if (state.paragraf) params.set('paragraf', `${state.paragraf.kommunkod}:${state.paragraf.beteckning}`);
  return `?${params.toString()}`;
}

export interface KnownKommun {
  kommunkod: string;
  namn: string;
  lan: string | null;
}

/**
 * The kommuner the filters select, as the `kommunkoder` argument: null for all of them. A län
 * selects its kommuner (an unknown län selects none rather than all); a kommun wins over a län.
 */
export function selectedKommunkoder(
  state: Pick<DashboardState, 'lan' | 'kommun'>,
  known: readonly KnownKommun[],
): string[] | null {
  if (state.kommun) return [state.kommun];
  if (state.lan) return known.filter((k) => k.lan === state.lan).map((k) => k.kommunkod);
  return null;
}

export const isSelected = (kommunkoder: readonly string[] | null, kommunkod: string | null | undefined): boolean =>
  kommunkoder === null || (kommunkod != null && kommunkoder.includes(kommunkod));
