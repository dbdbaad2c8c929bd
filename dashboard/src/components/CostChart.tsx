import { percent } from '../lib/labels';

export interface CostShare {
  namn: string;
  kostnadsandel: number | null;
}

const colors = ['#1b4f8a', '#8a3b12', '#2e6b30', '#5b3f8c', '#7a5c00'];

/**
 * The parties' cost shares as horizontal bars, drawn as SVG in the page (no chart library, no
 * request to anyone). A share the source does not give is said in words, never drawn as 0.
 */
export function CostChart({ parter, title }: { parter: CostShare[]; title: string }) {
  const known = parter.filter((p): p is CostShare & { kostnadsandel: number } => p.kostnadsandel != null);
  if (known.length === 0) {
    return <p className="chart-missing">Kostnadsfördelning: uppgift saknas i källan för alla parter.</p>;
  }
  const rowHeight = 28;
  const labelWidth = 120;
  const width = 360;
  const barWidth = width - labelWidth - 60;
  const description = known.map((p) => `${p.namn} ${percent(p.kostnadsandel)}`).join(', ');
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${known.length * rowHeight}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${description}`}
        style={{ maxWidth: width }}
      >
        {known.map((p, i) => (
          <g key={p.namn} transform={`translate(0 ${i * rowHeight})`}>
            <text x={0} y={18} fontSize={13} fill="#1a1a1a">
              {p.namn}
            </text>
            <rect
              x={labelWidth}
              y={6}
              width={Math.max(1, p.kostnadsandel * barWidth)}
              height={16}
              fill={colors[i % colors.length]}
            />
            <text x={labelWidth + p.kostnadsandel * barWidth + 6} y={18} fontSize={13} fill="#1a1a1a">
              {percent(p.kostnadsandel)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
      {known.length < parter.length && <p className="muted">Kostnadsandel saknas för {parter.length - known.length} part(er).</p>}
    </figure>
  );
}
