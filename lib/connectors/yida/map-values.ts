import type { YidaSettings } from './config';
import { isCompanionKey, type YidaFieldDef, type YidaFormSchema } from './form-schema';

export type YidaFormValue = { id: string; name: string; type: string; value: unknown; display: string };

/** A file in an image/attachment value (dingtalk-wave2-apis.md §6.2). */
export type YidaFileItem = { downloadUrl: string; name: string; size: number | null };

type Settings = Pick<YidaSettings, 'fieldLabels' | 'timeZone'>;

const LIST_SEPARATOR = '、';

/** `textField_xxx` → `TextField` (Yida component ids start with the component type): the fallback type. */
function componentType(id: string): string {
  const prefix = id.split('_')[0] ?? id;
  return prefix.charAt(0).toUpperCase() + prefix.slice(1);
}

/** Yida sends sub-tables, files and some lists as JSON text; read values are mostly strings (§1.4, §6.2). */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(plain).filter(Boolean).join(LIST_SEPARATOR);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const picked = v.name ?? v.label ?? v.text ?? v.value;
    if (picked !== undefined) return plain(picked);
  }
  return JSON.stringify(value);
}

/**
 * A Yida date (epoch ms, number or string) in the org's time zone: `2026-12-07`, with the time when the field's
 * format has one (or, without a format, when it is not midnight there). Date-only values are local midnight (§6.2).
 */
export function yidaDate(value: unknown, timeZone: string, format?: string | null): string {
  const ms = typeof value === 'number' ? value : /^\d{9,14}$/.test(String(value ?? '')) ? Number(value) : NaN;
  if (!Number.isFinite(ms)) return plain(value);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const showsTime = format ? /[Hh]/.test(format) : parts.hour !== '00' || parts.minute !== '00';
  return showsTime ? `${day} ${parts.hour}:${parts.minute}` : day;
}

/** The files of an image/attachment value: an array or its JSON text (§6.2 leaves both open). */
export function fileItems(value: unknown): YidaFileItem[] {
  const list = parsed(value);
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw) => {
    const f = raw as { downloadUrl?: unknown; url?: unknown; name?: unknown; size?: unknown };
    const downloadUrl = typeof f.downloadUrl === 'string' && f.downloadUrl ? f.downloadUrl : f.url;
    if (typeof downloadUrl !== 'string' || !downloadUrl) return [];
    const name =
      typeof f.name === 'string' && f.name ? f.name : (downloadUrl.split('fileName=')[1] ?? 'file');
    const size = Number(f.size);
    return [{ downloadUrl, name, size: Number.isFinite(size) && size >= 0 ? size : null }];
  });
}

const isFileType = (type: string) => /^(Image|Attachment)Field$/.test(type);
const isDateType = (type: string) => type === 'DateField';
const isDateRangeType = (type: string) => type === 'CascadeDateField';
const isSelectType = (type: string) => /^(Select|Radio|Checkbox|MultiSelect|CascadeSelect)Field$/.test(type);

type Typed = { type: string; value: unknown; display: string };

/** One value as shown: dates as dates, choices by their label, people and departments by name, files by name. */
function typedValue(
  s: Settings,
  def: YidaFieldDef | undefined,
  id: string,
  raw: unknown,
  data: Record<string, unknown>,
  schema: YidaFormSchema | null,
): Typed {
  const type = def?.componentName || componentType(id);
  const value = parsed(raw);
  if (isDateType(type))
    return {
      type,
      value: raw,
      display: raw === null || raw === '' ? '' : yidaDate(raw, s.timeZone, def?.format),
    };
  if (isDateRangeType(type)) {
    const [from, to] = Array.isArray(value) ? value : [];
    const ends = [from, to].map((v) =>
      v === undefined || v === null || v === '' ? '' : yidaDate(v, s.timeZone, def?.format),
    );
    return { type, value, display: ends.some(Boolean) ? ends.join(' ~ ') : '' };
  }
  if (isFileType(type)) {
    const files = fileItems(value);
    return { type, value: files, display: files.map((f) => f.name).join(LIST_SEPARATOR) };
  }
  if (type === 'TableField') {
    const rows = Array.isArray(value) ? value : [];
    const cells = rows.map((row) =>
      Object.entries((row ?? {}) as Record<string, unknown>)
        .filter(([k]) => !isCompanionKey(k))
        .map(([k, v]) => {
          const child = schema?.get(k) ?? def?.children.find((c) => c.fieldId === k);
          const shown = typedValue(s, child, k, v, row as Record<string, unknown>, schema);
          return { label: s.fieldLabels[k] ?? child?.label ?? k, value: shown.display };
        }),
    );
    return { type, value: cells, display: '' };
  }
  if (isSelectType(type) && def?.options.length) {
    const label = (v: unknown) => def.options.find((o) => o.value === String(v))?.text ?? plain(v);
    const list = Array.isArray(value)
      ? value
      : value === null || value === undefined || value === ''
        ? []
        : [value];
    return { type, value, display: list.map(label).join(LIST_SEPARATOR) };
  }
  if (/^(Employee|DepartmentSelect)Field$/.test(type)) {
    // Names in the field itself, ids in the `_id` twin (§6.2); show names, ids only when no name came.
    const names = plain(value);
    return { type, value, display: names || plain(parsed(data[`${id}_id`])) };
  }
  return { type, value, display: plain(value) };
}

/**
 * Yida form data (`data` of GetInstanceById, `dataMap` of a push) as Huiban form values: labels and types
 * from the form's definition (form-schema.ts), an admin's `fieldLabels` rename winning; without a definition,
 * the admin's labels and the type from the component id. Companion keys are folded away.
 */
export function mapFormValues(
  s: Settings,
  data: Record<string, unknown> | null | undefined,
  schema: YidaFormSchema | null = null,
): YidaFormValue[] {
  const all = data ?? {};
  const entries = Object.entries(all).filter(([k]) => !isCompanionKey(k));
  return entries.map(([id, raw]) => {
    const def = schema?.get(id);
    return { id, name: s.fieldLabels[id] ?? def?.label ?? id, ...typedValue(s, def, id, raw, all, schema) };
  });
}

/** Files named by the image/attachment fields of a form, for the snapshot's `attachments` (copied like DingTalk's). */
export function formFiles(
  values: Pick<YidaFormValue, 'type' | 'value'>[],
): { externalFileId: string; fileName: string; fileSize: number | null }[] {
  const seen = new Set<string>();
  return values
    .filter((v) => isFileType(v.type))
    .flatMap((v) => fileItems(v.value))
    .filter((f) => !seen.has(f.downloadUrl) && seen.add(f.downloadUrl))
    .map((f) => ({ externalFileId: f.downloadUrl, fileName: f.name, fileSize: f.size }));
}

/** The inbox line: the configured fields, else the first three plain ones (`目的地: 浦东机场 · 乘车人数: 2`). */
export function summarize(s: Pick<YidaSettings, 'summaryFields'>, values: YidaFormValue[]): string | null {
  const isPlain = (v: YidaFormValue) =>
    v.display !== '' && !/^[[{]/.test(v.display) && !/^(Table|Image|Attachment)/.test(v.type);
  const chosen = s.summaryFields.length
    ? s.summaryFields.map((id) => values.find((v) => v.id === id)).filter((v): v is YidaFormValue => !!v)
    : values.filter(isPlain).slice(0, 3);
  const text = chosen.map((v) => `${v.name}: ${v.display}`).join(' · ');
  return text ? text.slice(0, 500) : null;
}
