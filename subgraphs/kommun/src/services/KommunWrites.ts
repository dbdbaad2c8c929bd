import { badUserInput } from '../../../../common/src/errors';

/**
 * A write names its kommun; the router sends it to that kommun's instance. An instance never
 * writes for another kommun, even if a request reaches it by mistake.
 */
export function assertOwnKommun(kommunkod: string, own: string): void {
  if (kommunkod !== own) {
    throw badUserInput(`This service keeps the diarium of kommun ${own}, not ${kommunkod}; send the write to kommun ${kommunkod}.`, 'kommunkod');
  }
}
