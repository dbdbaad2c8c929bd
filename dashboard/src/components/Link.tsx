import type { MouseEvent, ReactNode } from 'react';
import { formatState, type DashboardState } from '../lib/urlState';
import { useNavigate } from '../navigation';

/** A real link to another state of the dashboard (opens in a new tab too), followed in place. */
export function StateLink({
  to,
  children,
  className,
  current,
}: {
  to: DashboardState;
  children: ReactNode;
  className?: string;
  current?: boolean;
}) {
  const navigate = useNavigate();
  const href = formatState(to);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href} onClick={onClick} className={className} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
