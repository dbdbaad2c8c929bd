import { createContext, useContext } from 'react';
import type { KnownKommun } from './lib/urlState';

export interface KommunerContext {
  /** Every kommun the dashboard has seen in this tab, also those that stopped answering since. */
  known: KnownKommun[];
  namnOf(kommunkod: string, fallback?: string | null): string;
}

export const KommunerContext = createContext<KommunerContext>({
  known: [],
  namnOf: (kommunkod, fallback) => fallback ?? `kommun ${kommunkod}`,
});

export const useKommuner = () => useContext(KommunerContext);
