import { canReadRestricted } from '#platform/auth/caller';
import { forbidden } from '#platform/errors';
import type { KommunContext } from './context';
import type { Arende } from './entities/Arende';

/**
 * Sekretess of an ärende's content. A restricted ärende shows its existence to everyone, as a
 * public diarium does (diarienummer, dates, status, the restriction and its lagrum), but its
 * content (rubrik, beskrivning, proposed decision, documents) only to a HANDLAGGARE or ADMIN of
 * its own kommun. To anyone else each content field is null with a FORBIDDEN error at its path.
 * Row-level security in the database withholds the same rows, should this check ever be missed.
 */
export function mayReadContent(row: Arende, ctx: KommunContext): boolean {
  return row.sekretessLagrum === null || canReadRestricted(ctx.caller, ctx.kommunkod);
}

/** The content field's value, or FORBIDDEN when the caller may not read it. */
export function restricted<T>(row: Arende, ctx: KommunContext, field: string, value: () => T): T {
  if (!mayReadContent(row, ctx)) {
    throw forbidden(
      `Ärende ${row.diarienummer} is covered by sekretess (${row.sekretessLagrum}); its ${field} is shown only to a HANDLAGGARE or ADMIN of kommun ${ctx.kommunkod}`,
    );
  }
  return value();
}
