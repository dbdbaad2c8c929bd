/**
 * What a GraphQL answer's errors say about the kommuner: the gateway answers with the other
 * kommuner's data and one error per kommun that is missing, its `extensions.code` saying why
 * (README, "When a kommun fails"), and with KOMMUN_STALE when it answered from a saved copy.
 */
export const kommunFelkoder = [
  'KOMMUN_UNAVAILABLE',
  'KOMMUN_TIMEOUT',
  'KOMMUN_STALE',
  'KOMMUN_INCOMPATIBLE',
  'UNKNOWN_KOMMUN',
] as const;
export type KommunFelkod = (typeof kommunFelkoder)[number];

export interface GraphQLErrorLike {
  message: string;
  extensions?: Readonly<Record<string, unknown>> | null;
}

export interface KommunProblem {
  kommunkod: string;
  code: KommunFelkod;
  /** Only for KOMMUN_STALE: how old the saved answer is. */
  staleSeconds: number | null;
}

const isKommunFelkod = (code: unknown): code is KommunFelkod => kommunFelkoder.includes(code as KommunFelkod);

/** The missing data outweighs old data: a kommun both stale somewhere and down elsewhere is down. */
const severity: Record<KommunFelkod, number> = {
  KOMMUN_UNAVAILABLE: 4,
  KOMMUN_TIMEOUT: 3,
  KOMMUN_INCOMPATIBLE: 2,
  UNKNOWN_KOMMUN: 1,
  KOMMUN_STALE: 0,
};

/** One problem per kommun, in the order the errors name them; read from the errors' codes, never their texts. */
export function kommunProblemsOf(errors: readonly GraphQLErrorLike[] | undefined | null): KommunProblem[] {
  const byKommun = new Map<string, KommunProblem>();
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    const kommunkod = error.extensions?.kommunkod;
    if (!isKommunFelkod(code) || typeof kommunkod !== 'string') continue;
    const staleSeconds = Number(error.extensions?.staleSeconds);
    const problem: KommunProblem = {
      kommunkod,
      code,
      staleSeconds: code === 'KOMMUN_STALE' && Number.isFinite(staleSeconds) ? staleSeconds : null,
    };
    const known = byKommun.get(kommunkod);
    if (!known || severity[code] > severity[known.code]) byKommun.set(kommunkod, problem);
  }
  return [...byKommun.values()];
}

/** The age of saved data in words: "4 min", "2 h 5 min", "3 dygn". */
export function ageInWords(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} dygn`;
}

const clock = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' });

/**
 * A short Swedish label for a problem, as the dashboard shows it next to the kommun; saved data
 * says from when (Swedish time), counted back from `now`, the time of the answer.
 */
export function problemLabel(problem: Pick<KommunProblem, 'code' | 'staleSeconds'>, now = new Date()): string {
  switch (problem.code) {
    case 'KOMMUN_UNAVAILABLE':
      return 'Otillgänglig';
    case 'KOMMUN_TIMEOUT':
      return 'Svarade inte i tid';
    case 'KOMMUN_STALE':
      if (problem.staleSeconds == null) return 'Sparade uppgifter';
      return `Uppgifter från kl. ${clock.format(new Date(now.getTime() - problem.staleSeconds * 1000))} (${ageInWords(problem.staleSeconds)} gamla)`;
    case 'KOMMUN_INCOMPATIBLE':
      return 'Kör en annan version';
    case 'UNKNOWN_KOMMUN':
      return 'Okänd kommun';
  }
}

/** What the problem means for the reader, in a sentence. */
export function problemExplanation(problem: Pick<KommunProblem, 'code' | 'staleSeconds'>): string {
  switch (problem.code) {
    case 'KOMMUN_UNAVAILABLE':
      return 'Kommunens system går inte att nå just nu; dess uppgifter saknas i svaret.';
    case 'KOMMUN_TIMEOUT':
      return 'Kommunens system svarade inte inom tidsgränsen; dess uppgifter saknas i svaret.';
    case 'KOMMUN_STALE':
      return `Kommunens system svarar inte; uppgifterna är en sparad kopia${
        problem.staleSeconds == null ? '' : ` från ${ageInWords(problem.staleSeconds)} sedan`
      }.`;
    case 'KOMMUN_INCOMPATIBLE':
      return 'Kommunens system saknar delar som frågan behöver; dess uppgifter saknas i svaret.';
    case 'UNKNOWN_KOMMUN':
      return 'Kommunkoden finns inte i grafens register.';
  }
}

/**
 * One kommun as the gateway's GET /kommuner tells it: the registry's entry and what the
 * gateway's background probe found (null: not asked yet, e.g. it joined since the last probe).
 */
export interface KommunLage {
  kommunkod: string;
  namn: string;
  lan: { kod: string; namn: string };
  reachable: boolean | null;
  schemaCompatible: boolean | null;
  checkedAt: string | null;
}

export interface KommunerLage {
  checkedAt: string;
  kommuner: KommunLage[];
}

export type Lage = 'svarar' | 'svarar-inte' | 'annan-version' | 'okant';

export function lageOf(kommun: Pick<KommunLage, 'reachable' | 'schemaCompatible'>): Lage {
  if (kommun.reachable === null) return 'okant';
  if (!kommun.reachable) return 'svarar-inte';
  return kommun.schemaCompatible ? 'svarar' : 'annan-version';
}

/** A short Swedish label for what the probe found, as the chips and "Kommunernas läge" show it. */
export function lageLabel(lage: Lage): string {
  switch (lage) {
    case 'svarar':
      return 'Svarar';
    case 'svarar-inte':
      return 'Svarar inte';
    case 'annan-version':
      return 'Kör en annan version';
    case 'okant':
      return 'Inte kontrollerad än';
  }
}

/** What the probe's finding means for the reader, in a sentence. */
export function lageExplanation(lage: Lage): string {
  switch (lage) {
    case 'svarar':
      return 'Kommunens system svarar och kan ge allt grafen lovar.';
    case 'svarar-inte':
      return 'Kommunens system svarar inte; dess uppgifter saknas i svaren, eller är sparade kopior med sin ålder utskriven.';
    case 'annan-version':
      return 'Kommunens system svarar men saknar delar som grafen lovar; frågor om dem saknar kommunens uppgifter.';
    case 'okant':
      return 'Kommunen är nyss registrerad; grafen har inte frågat den än.';
  }
}
