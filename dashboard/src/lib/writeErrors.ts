import type { GraphQLErrorLike } from './kommunLage';

/** Input fields of a status change, as the form names them. */
const faltnamn: Record<string, string> = {
  status: 'Ny status',
  datum: 'Datum',
  kommentar: 'Kommentar',
  'beslut.kommunkod': 'Beslutets kommun',
  'beslut.beteckning': 'Beslutets beteckning',
  id: 'Område',
};

/**
 * A refused write in words a samordnare can act on. The code says what kind of refusal it is;
 * the server's own sentence (in English) follows as the detail.
 */
export function writeErrorInWords(error: GraphQLErrorLike): string {
  const code = error.extensions?.code;
  const field = typeof error.extensions?.field === 'string' ? error.extensions.field : null;
  const where = field ? ` (fältet ${faltnamn[field] ?? field})` : '';
  const detail = ` Systemets beskrivning: ${error.message}`;
  switch (code) {
    case 'CONFLICT':
      return `Konflikt: området har ändrats av någon annan eller kan inte ändras i sitt nuvarande läge. Läs in sidan igen och gör om ändringen.${detail}`;
    case 'FORBIDDEN':
      return `Inte behörig: bara en SAMORDNARE i en kommun som är ansluten till samverkan får ändra områdets status.${detail}`;
    case 'UNAUTHENTICATED':
      return `Inte inloggad eller ogiltig token: klistra in en giltig token under Inställningar.${detail}`;
    case 'BAD_USER_INPUT':
      return `Felaktig uppgift${where}: rätta den och försök igen.${detail}`;
    case 'SAMVERKAN_OUTCOME_UNKNOWN':
      return `Okänt om ändringen sparades: svaret kom aldrig fram. Skicka samma ändring igen; den sparas bara en gång.${detail}`;
    case 'NOT_FOUND':
      return `Finns inte${where}: det som ändringen pekar på saknas.${detail}`;
    default:
      return `Ändringen gick inte att spara.${detail}`;
  }
}
