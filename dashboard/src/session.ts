import { useSyncExternalStore } from 'react';

/**
 * The little state the dashboard keeps outside the address: the development token a samordnare
 * pasted (for this browser tab only) and when data last arrived.
 */
const TOKEN_KEY = 'kommungraf.token';
type Listener = () => void;
const listeners = new Set<Listener>();
const notify = () => listeners.forEach((listener) => listener());
const subscribe = (listener: Listener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

let updatedAt: Date | null = null;

export function markUpdated(at: Date): void {
  updatedAt = at;
  notify();
}

export const useUpdatedAt = (): Date | null => useSyncExternalStore(subscribe, () => updatedAt);

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  notify();
}

export const useToken = (): string | null => useSyncExternalStore(subscribe, readToken);

export interface TokenClaims {
  sub: string | null;
  kommunkod: string | null;
  roller: string[];
  exp: number | null;
}

/** The token's claims for display only; the gateway verifies the token, the page never trusts it. */
export function claimsOf(token: string | null): TokenClaims | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    return {
      sub: typeof json.sub === 'string' ? json.sub : null,
      kommunkod: typeof json.kommunkod === 'string' ? json.kommunkod : null,
      roller: Array.isArray(json.roller) ? json.roller.filter((r): r is string => typeof r === 'string') : [],
      exp: typeof json.exp === 'number' ? json.exp : null,
    };
  } catch {
    return null;
  }
}
