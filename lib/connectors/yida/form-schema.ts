import { AdapterError } from '../types';
import { systemTokenOf, type YidaSettings } from './config';
import { callYida } from './open-api';

/** One component of a Yida form: what its value means and what people call it. */
export type YidaFieldDef = {
  fieldId: string;
  label: string;
  /** `DateField`, `EmployeeField`, `TableField`, … (dingtalk-wave2-apis.md §6.1). */
  componentName: string;
  /** Display format of date fields (`YYYY-MM-DD`, `YYYY-MM-DD HH:mm`), when the definition gives one. */
  format: string | null;
  /** Choices of select-like fields (`value` stored, `text` shown). */
  options: { text: string; value: string }[];
  /** Columns of a sub-table. */
  children: YidaFieldDef[];
};

/** fieldId → definition, sub-table columns included under their own ids. */
export type YidaFormSchema = Map<string, YidaFieldDef>;

type RawField = {
  componentName?: unknown;
  fieldId?: unknown;
  label?: unknown;
  props?: unknown;
  children?: unknown;
};

/** The doc sample gives `label`, `props` and `children` as JSON text, the SDK as objects: accept both. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function labelText(raw: unknown): string | null {
  const value = parsed(raw);
  if (typeof value === 'string') return value || null;
  if (value && typeof value === 'object') {
    const l = value as Record<string, unknown>;
    const text = l.zh_CN ?? l[String(l.use ?? '')] ?? l.en_US ?? l.value;
    return typeof text === 'string' && text ? text : null;
  }
  return null;
}

function optionsOf(props: unknown): YidaFieldDef['options'] {
  const p = parsed(props) as { dataSource?: unknown; options?: unknown } | null;
  const list = p && typeof p === 'object' ? (p.dataSource ?? p.options) : null;
  if (!Array.isArray(list)) return [];
  return list.flatMap((o) => {
    const item = o as { text?: unknown; label?: unknown; value?: unknown };
    const text = labelText(item.text ?? item.label);
    const value = item.value === undefined || item.value === null ? null : String(item.value);
    return text && value !== null ? [{ text, value }] : [];
  });
}

function formatOf(props: unknown): string | null {
  const p = parsed(props) as { format?: unknown } | null;
  return p && typeof p === 'object' && typeof p.format === 'string' && p.format ? p.format : null;
}

/** GetFieldDefByUuid's `result` as field definitions (unit-tested). */
export function toFieldDefs(result: unknown): YidaFieldDef[] {
  if (!Array.isArray(result)) return [];
  return result.flatMap((raw: RawField) => {
    if (typeof raw?.fieldId !== 'string' || !raw.fieldId) return [];
    const children = parsed(raw.children);
    return [
      {
        fieldId: raw.fieldId,
        label: labelText(raw.label) ?? raw.fieldId,
        componentName: typeof raw.componentName === 'string' ? raw.componentName : '',
        options: optionsOf(raw.props),
        format: formatOf(raw.props),
        children: toFieldDefs(children),
      },
    ];
  });
}

function index(defs: YidaFieldDef[]): YidaFormSchema {
  const map: YidaFormSchema = new Map();
  for (const d of defs) {
    map.set(d.fieldId, d);
    for (const c of d.children) map.set(c.fieldId, c);
  }
  return map;
}

type Entry = { schema: YidaFormSchema | null; fetchedAt: number };

/** How long a form's definition is trusted; a push naming an unknown field refreshes it sooner. */
const TTL_MS = 60 * 60_000;
/** No refetch sooner than this (unknown fields, or a failed lookup): a hot form costs one call per window. */
const MIN_REFRESH_MS = 30_000;
const cache = new Map<string, Entry>();
const inFlight = new Map<string, Promise<YidaFormSchema | null>>();

/** Companion keys (`selectField_x_value`, `employeeField_x_id`, …) are not fields of their own. */
export function isCompanionKey(key: string): boolean {
  return /_(value|id|en_us|value_en_us)$/.test(key);
}

/**
 * The form definition of one formUuid (GetFieldDefByUuid, dingtalk-wave2-apis.md §6.1), cached per connector
 * and form in this process. Refreshed after an hour, or at once (at most every 30 s) when the values to show
 * carry a field the cached definition does not know (the form was edited in Yida). Concurrent lookups of one
 * form share one call. A failed lookup is not an error (values then show with the admin's labels and the
 * type from the component id) and is retried after 30 s, not cached for the hour.
 */
export async function getYidaFormSchema(
  s: YidaSettings,
  input: { appType: string; formUuid: string | null | undefined; fieldIds?: string[] },
): Promise<YidaFormSchema | null> {
  const { appType, formUuid } = input;
  const systemToken = systemTokenOf(s, appType);
  if (!formUuid || !systemToken || !s.clientSecret) return null;
  const key = `${s.connectorId ?? ''}|${appType}|${formUuid}`;
  const now = Date.now();
  const hit = cache.get(key);
  const unknown = (input.fieldIds ?? []).some((id) => !isCompanionKey(id) && !hit?.schema?.has(id));
  const age = hit ? now - hit.fetchedAt : Number.POSITIVE_INFINITY;
  if (hit && age < MIN_REFRESH_MS) return hit.schema;
  if (hit?.schema && age < TTL_MS && !unknown) return hit.schema;
  const running = inFlight.get(key);
  if (running) return running;
  const lookup = (async () => {
    try {
      const body = await callYida<{ result?: unknown }>(s, '/v1.0/yida/forms/formFields', {
        query: { appType, systemToken, formUuid, userId: s.operatorUserId },
      });
      const schema = index(toFieldDefs(body.result));
      cache.set(key, { schema, fetchedAt: Date.now() });
      return schema;
    } catch (error) {
      if (!(error instanceof AdapterError)) throw error;
      // Keep a stale definition over none; either way look again after MIN_REFRESH_MS.
      cache.set(key, { schema: hit?.schema ?? null, fetchedAt: Date.now() });
      return hit?.schema ?? null;
    } finally {
      inFlight.delete(key);
    }
  })();
  inFlight.set(key, lookup);
  return lookup;
}

/** Tests: forget cached definitions. */
export function clearYidaFormSchemaCache(): void {
  cache.clear();
}
