import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { formatState, parseState, type DashboardState } from './lib/urlState';

/** The dashboard's state, read from and written to the address (history, so Back works). */
export function useAddressState(): [DashboardState, (next: DashboardState) => void] {
  const [state, setState] = useState(() => parseState(window.location.search));
  useEffect(() => {
    const onPop = () => setState(parseState(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: DashboardState) => {
    window.history.pushState(null, '', formatState(next));
    setState(next);
  }, []);
  return [state, navigate];
}

export const NavigationContext = createContext<{ state: DashboardState; navigate: (next: DashboardState) => void }>({
  state: parseState(''),
  navigate: () => undefined,
});

export const useNavigate = () => useContext(NavigationContext).navigate;
export const useDashboardState = () => useContext(NavigationContext).state;
