/** The schema's enum values as the dashboard shows them, in Swedish. */
export const omradesstatus: Record<string, string> = {
  IDENTIFIERAT: 'Identifierat',
  UTREDS: 'Utreds',
  STARTAT: 'Startat',
  AVVAKTAR: 'Avvaktar',
  AVSKRIVET: 'Avskrivet',
  AVSLUTAT: 'Avslutat',
};

export const samverkansform: Record<string, string> = {
  GEMENSAM_ORGANISATION: 'Gemensam organisation',
  TJANSTEKOP: 'Tjänsteköp',
  FORDJUPAD_SAMVERKAN: 'Fördjupad samverkan',
};

export const partsstatus: Record<string, string> = {
  ANSLUTEN: 'Ansluten',
  FORESLAGEN: 'Föreslagen',
  INTRESSERAD: 'Intresserad',
};

export const avtalsroll: Record<string, string> = { VARDKOMMUN: 'Värdkommun', PART: 'Part' };

export const uppdragsstatus: Record<string, string> = {
  PAGAENDE: 'Pågående',
  ATERRAPPORTERAT: 'Återrapporterat',
  AVSKRIVET: 'Avskrivet',
};

export const arendestatus: Record<string, string> = {
  OPPET: 'Öppet',
  VILANDE: 'Vilande',
  STANGT: 'Stängt',
  MAKULERAT: 'Makulerat',
};

export const utfall: Record<string, string> = {
  BIFALL: 'Bifall',
  AVSLAG: 'Avslag',
  AVSKRIVNING: 'Avskrivning',
  ATERREMISS: 'Återremiss',
  BORDLAGT: 'Bordlagt',
  INFORMATION: 'Information',
};

/** A value's label, or the value itself when the schema has grown a value the dashboard lacks. */
export const label = (labels: Record<string, string>, value: string | null | undefined, missing = 'Uppgift saknas'): string =>
  value == null ? missing : (labels[value] ?? value);

/** Today in Swedish time, as a Date (YYYY-MM-DD), the day a status change defaults to. */
export const todayInSweden = (now = new Date()): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(now);

/** A share as a percentage in Swedish: 0.5 → "50 %". */
export const percent = (share: number): string =>
  `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(share * 100)} %`;
