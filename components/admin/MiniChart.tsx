'use client';

import { Typography, theme } from 'antd';
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
  height = 96,
  label,
  timeFormat = 'clock',
}: {
  points: ChartPoint[];
  kind: 'bar' | 'line';
  unit: string;
  height?: number;
  label: string;
  /** How the points' times are written (axis ends, tooltips): `clock` within a day, `date` for daily points. */
  timeFormat?: TimeFormat;
}) {
  const t = useT('ops');
  const { token } = theme.useToken();
  const width = 480;
  const pad = { top: 8, bottom: 18, left: 4, right: 4 };
  const values = points.map((p) => p.value ?? 0);
  const max = Math.max(1, ...values);
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
        {t('chart.max', { max: Math.round(max), unit })}
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
        {first && (
          <text x={pad.left} y={height - 4} fontSize={10} fill={token.colorTextTertiary}>
            {formatTime(first.at, timeFormat)}
          </text>
        )}
        {last && (
          <text
            x={width - pad.right}
            y={height - 4}
            fontSize={10}
            textAnchor="end"
            fill={token.colorTextTertiary}
          >
            {formatTime(last.at, timeFormat)}
          </text>
        )}
      </svg>
    </figure>
  );
}
