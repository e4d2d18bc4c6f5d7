'use client';

import { Skeleton, Typography, theme } from 'antd';
import { formatTime, type TimeFormat } from '@/lib/client/format-time';
import { useT } from '@/lib/i18n/locale-context';

export type ChartPoint = { at: string; value: number | null };

/**
 * A small SVG chart (bars or a line) coloured from the antd theme. Hand-written instead of
 * @ant-design/charts: two series of at most 288 points do not justify a ~1 MB charting bundle on an admin page.
 */
export function MiniChart({
  points,
  kind,
  unit,
  height = 112,
  label,
  timeFormat = 'clock',
  loading = false,
}: {
  points: ChartPoint[];
  kind: 'bar' | 'line';
  unit: string;
  height?: number;
  label: string;
  /** How the points' times are written (axis ends, tooltips): `clock` within a day, `date` for daily points. */
  timeFormat?: TimeFormat;
  /** The series is still being fetched: a placeholder, not an empty chart with a made-up maximum. */
  loading?: boolean;
}) {
  const t = useT('ops');
  const { token } = theme.useToken();
  if (loading) {
    return (
      <figure style={{ margin: 0 }} aria-label={label} aria-busy="true" data-testid="chart-loading">
        <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
          {label}
        </Typography.Text>
        <Skeleton.Node active style={{ width: '100%', height }} />
      </figure>
    );
  }
  const width = 480;
  // Room on the left for the value axis (its unit), below for the time axis (dates, not only clock times).
  const pad = { top: 10, bottom: 30, left: 44, right: 8 };
  const values = points.map((p) => p.value ?? 0);
  const known = points.some((p) => p.value !== null && p.value > 0);
  const max = niceMax(Math.max(0, ...values));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = innerW / Math.max(points.length, 1);
  const y = (v: number) => pad.top + innerH - (v / max) * innerH;
  const color = kind === 'bar' ? token.colorPrimary : token.colorWarning;
  const linePath = points
    .map((p, i) => (p.value === null ? null : `${pad.left + i * step + step / 2},${y(p.value)}`))
    .filter(Boolean)
    .join(' ');
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <figure style={{ margin: 0 }} aria-label={label}>
      <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
        {label}
      </Typography.Text>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} role="img" aria-label={label}>
        <line
          x1={pad.left}
          x2={width - pad.right}
          y1={pad.top + innerH}
          y2={pad.top + innerH}
          stroke={token.colorBorderSecondary}
        />
        {kind === 'bar'
          ? points.map((p, i) => {
              const v = p.value ?? 0;
              return v > 0 ? (
                <rect
                  key={p.at}
                  x={pad.left + i * step + step * 0.1}
                  width={Math.max(step * 0.8, 1)}
                  y={y(v)}
                  height={pad.top + innerH - y(v)}
                  fill={color}
                  rx={1}
                >
                  <title>{`${formatTime(p.at, timeFormat)} · ${v} ${unit}`}</title>
                </rect>
              ) : null;
            })
          : linePath && (
              <>
                <polyline points={linePath} fill="none" stroke={color} strokeWidth={2} />
                {points.map((p, i) =>
                  p.value === null ? null : (
                    <circle
                      key={p.at}
                      cx={pad.left + i * step + step / 2}
                      cy={y(p.value)}
                      r={2.5}
                      fill={color}
                    >
                      <title>{`${formatTime(p.at, timeFormat)} · ${Math.round(p.value)} ${unit}`}</title>
                    </circle>
                  ),
                )}
              </>
            )}
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line
              x1={pad.left}
              x2={width - pad.right}
              y1={y(v)}
              y2={y(v)}
              stroke={token.colorBorderSecondary}
              strokeDasharray={v === 0 ? undefined : '2 3'}
            />
            <text x={pad.left - 4} y={y(v) + 3} fontSize={10} textAnchor="end" fill={token.colorTextTertiary}>
              {formatValue(v)}
            </text>
          </g>
        ))}
        <text x={2} y={pad.top - 2} fontSize={10} fill={token.colorTextTertiary}>
          {unit}
        </text>
        {first && (
          <text x={pad.left} y={height - 16} fontSize={10} fill={token.colorTextTertiary}>
            <tspan x={pad.left}>{formatTime(first.at, 'date')}</tspan>
            {timeFormat !== 'date' && (
              <tspan x={pad.left} dy={12}>
                {formatTime(first.at, 'clock')}
              </tspan>
            )}
          </text>
        )}
        {last && (
          <text
            x={width - pad.right}
            y={height - 16}
            fontSize={10}
            textAnchor="end"
            fill={token.colorTextTertiary}
          >
            <tspan x={width - pad.right}>{formatTime(last.at, 'date')}</tspan>
            {timeFormat !== 'date' && (
              <tspan x={width - pad.right} dy={12}>
                {formatTime(last.at, 'clock')}
              </tspan>
            )}
          </text>
        )}
        {!known && (
          <text
            x={pad.left + innerW / 2}
            y={pad.top + innerH / 2}
            fontSize={12}
            textAnchor="middle"
            fill={token.colorTextTertiary}
          >
            {t('chart.noData')}
          </text>
        )}
      </svg>
    </figure>
  );
}

/** A round top for the value axis (1, 2, 5 × 10ⁿ), at least 1 so an empty series still has a scale. */
function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function formatValue(value: number): string {
  return value >= 1000 ? `${Math.round(value / 100) / 10}k` : String(Math.round(value * 10) / 10);
}
