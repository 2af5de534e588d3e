import { MEASURE_STATUSES, type MeasureStatus } from '~/lib/measures/measures.schema';
import { useT } from '../i18n';

/**
 * Each status has a colour AND a pattern (and every segment its number), so the charts read
 * without colour, in greyscale print and for colour-blind readers.
 */
const STATUS_STYLE: Record<MeasureStatus, { color: string; pattern: string }> = {
  idea: { color: '#d7dde5', pattern: 'dots' },
  draft: { color: '#a9b8cc', pattern: 'diagonal' },
  consultation: { color: '#7d93b2', pattern: 'horizontal' },
  agreed: { color: '#2f6fae', pattern: 'solid' },
  in_progress: { color: '#0b4f8a', pattern: 'cross' },
  done: { color: '#1d5e20', pattern: 'vertical' },
  discarded: { color: '#9a3b3b', pattern: 'backslash' },
};

function PatternDefs({ prefix }: { prefix: string }) {
  return (
    <defs>
      {MEASURE_STATUSES.map((status) => {
        const { color, pattern } = STATUS_STYLE[status];
        const ink = '#ffffff';
        return (
          <pattern
            key={status}
            id={`${prefix}-${status}`}
            width="8"
            height="8"
            patternUnits="userSpaceOnUse"
          >
            <rect width="8" height="8" fill={color} />
            {pattern === 'dots' ? <circle cx="4" cy="4" r="1.4" fill="#3d4a5c" /> : null}
            {pattern === 'diagonal' ? <path d="M0,8 L8,0" stroke={ink} strokeWidth="1.5" /> : null}
            {pattern === 'backslash' ? <path d="M0,0 L8,8" stroke={ink} strokeWidth="1.5" /> : null}
            {pattern === 'horizontal' ? (
              <path d="M0,4 L8,4" stroke={ink} strokeWidth="1.5" />
            ) : null}
            {pattern === 'vertical' ? <path d="M4,0 L4,8" stroke={ink} strokeWidth="1.5" /> : null}
            {pattern === 'cross' ? (
              <path d="M0,4 L8,4 M4,0 L4,8" stroke={ink} strokeWidth="1" />
            ) : null}
          </pattern>
        );
      })}
    </defs>
  );
}

export interface StatusRow {
  label: string;
  byStatus: Record<MeasureStatus, number>;
}

/** Horizontal stacked bars: one per row (Themenfeld), one patterned, numbered segment per status. */
export function StatusChart({ rows, id }: { rows: StatusRow[]; id: string }) {
  const t = useT();
  const labelWidth = 190;
  const barWidth = 520;
  const rowHeight = 34;
  const max = Math.max(
    1,
    ...rows.map((row) => MEASURE_STATUSES.reduce((sum, s) => sum + row.byStatus[s], 0)),
  );
  const height = rows.length * rowHeight + 10;
  return (
    <figure className="tracking-chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${labelWidth + barWidth + 50} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{t('tracking.dashboard.statusChart')}</title>
        <desc id={`${id}-desc`}>
          {rows
            .map(
              (row) =>
                `${row.label}: ${
                  MEASURE_STATUSES.filter((s) => row.byStatus[s] > 0)
                    .map((s) => `${t(`measure.status.${s}`)} ${row.byStatus[s]}`)
                    .join(', ') || '0'
                }`,
            )
            .join('; ')}
        </desc>
        <PatternDefs prefix={id} />
        {rows.map((row, index) => {
          const y = index * rowHeight + 5;
          let x = labelWidth;
          const total = MEASURE_STATUSES.reduce((sum, s) => sum + row.byStatus[s], 0);
          return (
            <g key={row.label}>
              <text
                x={labelWidth - 8}
                y={y + rowHeight / 2}
                textAnchor="end"
                dominantBaseline="middle"
                className="chart-label"
              >
                {row.label}
              </text>
              {MEASURE_STATUSES.map((status) => {
                const count = row.byStatus[status];
                if (count === 0) return null;
                const width = (count / max) * barWidth;
                const segmentX = x;
                x += width;
                return (
                  <g key={status}>
                    <rect
                      x={segmentX}
                      y={y}
                      width={width}
                      height={rowHeight - 8}
                      fill={`url(#${id}-${status})`}
                      stroke="#1f2933"
                      strokeWidth="0.75"
                    />
                    {width >= 18 ? (
                      <text
                        x={segmentX + width / 2}
                        y={y + (rowHeight - 8) / 2}
                        textAnchor="middle"
                        dominantBaseline="middle"
                        className="chart-segment-label"
                      >
                        {count}
                      </text>
                    ) : null}
                  </g>
                );
              })}
              <text
                x={x + 6}
                y={y + (rowHeight - 8) / 2}
                dominantBaseline="middle"
                className="chart-label"
              >
                {total}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="visually-hidden">{t('tracking.dashboard.legend')}: </span>
        <ul className="chart-legend">
          {MEASURE_STATUSES.map((status) => (
            <li key={status}>
              <svg width="18" height="18" aria-hidden="true" focusable="false">
                <rect width="18" height="18" fill={`url(#${id}-${status})`} stroke="#1f2933" />
              </svg>
              {t(`measure.status.${status}`)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** Horizontal bars 0–100 % with the number written beside each bar. */
export function ProgressChart({
  rows,
  id,
}: {
  rows: { label: string; value: number | null }[];
  id: string;
}) {
  const t = useT();
  const labelWidth = 190;
  const barWidth = 440;
  const rowHeight = 30;
  const height = rows.length * rowHeight + 10;
  return (
    <figure className="tracking-chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${labelWidth + barWidth + 200} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{t('tracking.dashboard.progressChart')}</title>
        <desc id={`${id}-desc`}>
          {rows
            .map(
              (row) =>
                `${row.label}: ${row.value === null ? t('tracking.dashboard.noProgress') : `${row.value} %`}`,
            )
            .join('; ')}
        </desc>
        {rows.map((row, index) => {
          const y = index * rowHeight + 5;
          const width = ((row.value ?? 0) / 100) * barWidth;
          return (
            <g key={row.label}>
              <text
                x={labelWidth - 8}
                y={y + (rowHeight - 8) / 2}
                textAnchor="end"
                dominantBaseline="middle"
                className="chart-label"
              >
                {row.label}
              </text>
              <rect
                x={labelWidth}
                y={y}
                width={barWidth}
                height={rowHeight - 8}
                fill="#eef1f5"
                stroke="#5b6675"
                strokeWidth="0.75"
              />
              <rect x={labelWidth} y={y} width={width} height={rowHeight - 8} fill="#0b4f8a" />
              <text
                x={labelWidth + barWidth + 8}
                y={y + (rowHeight - 8) / 2}
                dominantBaseline="middle"
                className="chart-label"
              >
                {row.value === null ? t('tracking.dashboard.noProgress') : `${row.value} %`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
