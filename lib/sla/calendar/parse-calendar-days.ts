import type { CalendarDayKind } from '../business-calendar';

export type ParsedCalendarDay = { date: string; kind: CalendarDayKind; name: string | null };
export type CalendarParseIssue = { line: number; text: string };

/** The words a pasted or CSV list may use for each kind (the government notice says 放假 / 上班). */
const KIND_WORDS: Record<string, CalendarDayKind> = {
  holiday: 'holiday',
  off: 'holiday',
  节假日: 'holiday',
  假日: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  workday: 'workday',
  work: 'workday',
  调休: 'workday',
  上班: 'workday',
  补班: 'workday',
  班: 'workday',
};

/**
 * A pasted list or CSV of dates (`2026-10-01 holiday 国庆节`, `2026-10-11,workday`): one date per line, fields
 * split by whitespace, commas or tabs, an optional name after the kind. Blank lines, `#` comments and a CSV
 * header are skipped; each other line that does not parse is reported with its number. A date listed twice
 * keeps its last line.
 */
export function parseCalendarDays(text: string): { days: ParsedCalendarDay[]; issues: CalendarParseIssue[] } {
  const byDate = new Map<string, ParsedCalendarDay>();
  const issues: CalendarParseIssue[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const [first = '', second = '', ...rest] = line
      .split(/[\s,，\t]+/)
      .map((f) => f.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    if (index === 0 && /^date$/i.test(first)) continue;
    const date = normalizeDate(first);
    const kind = KIND_WORDS[second.toLowerCase()];
    if (!date || !kind) {
      issues.push({ line: index + 1, text: line.slice(0, 80) });
      continue;
    }
    const name = rest.join(' ').slice(0, 60) || null;
    byDate.set(date, { date, kind, name });
  }
  return { days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)), issues };
}

/** '2026-10-01' or '2026/10/1' → '2026-10-01' when it is a real date; otherwise null. */
export function normalizeDate(text: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return probe.toISOString().slice(0, 10);
}
