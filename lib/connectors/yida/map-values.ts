import type { YidaSettings } from './config';

export type YidaFormValue = { id: string; name: string; type: string; value: unknown; display: string };

/** `textField_xxx` → `TextField` (Yida component ids start with the component type). */
function componentType(id: string): string {
  const prefix = id.split('_')[0] ?? id;
  return prefix.charAt(0).toUpperCase() + prefix.slice(1);
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Yida form data (`data` of GetInstanceById, `dataMap` of a push) as Huiban form values. Companion keys
 * (`selectField_x_value`, `…_id`, `…_en_us`) are folded away; labels come from the connector's `fieldLabels`.
 */
export function mapFormValues(
  s: Pick<YidaSettings, 'fieldLabels'>,
  data: Record<string, unknown> | null | undefined,
): YidaFormValue[] {
  const entries = Object.entries(data ?? {}).filter(([k]) => !/_(value|id|en_us|value_en_us)$/.test(k));
  return entries.map(([id, value]) => ({
    id,
    name: s.fieldLabels[id] ?? id,
    type: componentType(id),
    value,
    display: display(value),
  }));
}

/** The inbox line: the configured fields, else the first three plain ones (`目的地: 浦东机场 · 乘车人数: 2`). */
export function summarize(s: Pick<YidaSettings, 'summaryFields'>, values: YidaFormValue[]): string | null {
  const plain = (v: YidaFormValue) =>
    v.display !== '' && !/^[[{]/.test(v.display) && !/^(Table|Image|Attachment)/.test(v.type);
  const chosen = s.summaryFields.length
    ? s.summaryFields.map((id) => values.find((v) => v.id === id)).filter((v): v is YidaFormValue => !!v)
    : values.filter(plain).slice(0, 3);
  const text = chosen.map((v) => `${v.name}: ${v.display}`).join(' · ');
  return text ? text.slice(0, 500) : null;
}
