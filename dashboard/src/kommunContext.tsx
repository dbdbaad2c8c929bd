import { createContext, useContext } from 'react';
import type { KnownKommun } from './lib/urlState';

export interface KommunerContext {
  /** Every kommun of the gateway's registry (GET /kommuner), also those that do not answer. */
  known: KnownKommun[];
  namnOf(kommunkod: string, fallback?: string | null): string;
}

export const KommunerContext = createContext<KommunerContext>({
  known: [],
  namnOf: (kommunkod, fallback) => fallback ?? `kommun ${kommunkod}`,
});

export const useKommuner = () => useContext(KommunerContext);
