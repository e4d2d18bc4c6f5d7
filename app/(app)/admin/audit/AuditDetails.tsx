'use client';

import { Typography } from 'antd';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import type { AuditRow } from '@/lib/operations/search-audit-log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Line = { key: string; text: string };

/** One value as a reader wants it: ids by name, lists joined, `{from, to}` as "from → to". */
function show(value: unknown, names: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return UUID.test(value) ? (names[value.toLowerCase()] ?? value) : value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => show(v, names)).join(', ') || '—';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('from' in o && 'to' in o) return `${show(o.from, names)} → ${show(o.to, names)}`;
    if ('before' in o && 'after' in o) return `${show(o.before, names)} → ${show(o.after, names)}`;
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${show(v, names)}`)
      .join('; ');
  }
  return String(value);
}

/** The lines of a details object; `{before, after}` becomes one "field: old → new" line per changed field. */
export function detailLines(details: Record<string, unknown>, names: Record<string, string>): Line[] {
  const { before, after, ...rest } = details;
  const lines: Line[] = [];
  if (before && after && typeof before === 'object' && typeof after === 'object') {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (JSON.stringify(b[key]) !== JSON.stringify(a[key]))
        lines.push({ key, text: `${show(b[key], names)} → ${show(a[key], names)}` });
    }
  } else {
    if (before !== undefined) rest.before = before;
    if (after !== undefined) rest.after = after;
  }
  for (const [key, value] of Object.entries(rest)) lines.push({ key, text: show(value, names) });
  return lines;
}

/** An audit row's details, readable: one "field: value" line each, ids replaced by names. */
export function AuditDetails({ row }: { row: AuditRow }) {
  const t = useT('ops');
  const lines = detailLines(row.details ?? {}, row.names ?? {});
  if (lines.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const label = (key: string) => {
    const id = `audit.field.${key}`;
    const text = t(id as MessageKey<'ops'>);
    return text === id ? key : text;
  };
  // 可发起人 `{ all: true }` is a setting, not data: said in words.
  const everyone = (row.details?.starters as { all?: unknown } | undefined)?.all === true;
  return (
    <div style={{ maxWidth: 420 }} data-testid="audit-details">
      {lines.map((l) =>
        l.key === 'starters' && everyone ? (
          <div key={l.key}>
            <Typography.Text type="secondary">{label(l.key)}: </Typography.Text>
            <Typography.Text>{t('audit.value.everyone')}</Typography.Text>
          </div>
        ) : (
          <div key={l.key}>
            <Typography.Text type="secondary">{label(l.key)}: </Typography.Text>
            <Typography.Text data-user-content>{l.text}</Typography.Text>
          </div>
        ),
      )}
    </div>
  );
}
