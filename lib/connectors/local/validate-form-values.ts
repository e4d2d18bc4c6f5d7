import type { FormField, FormSchema, FormValueIssue } from './definition-schema';

/** An uploaded file as an attachments field holds it (the answer of `POST /api/uploads`). */
export type UploadedFileValue = { fileId: string; fileName: string; size: number; contentType: string };

/**
 * Facts from the database the pure check cannot know. When given, user fields must name active users in
 * `activeUserIds` and attachments must be the submitter's own uploads in `ownFileIds`; when absent (the browser),
 * only the shape is checked.
 */
export type KnownReferences = { activeUserIds?: ReadonlySet<string>; ownFileIds?: ReadonlySet<string> };

type ScalarField = Exclude<FormField, { type: 'attachments' | 'table' }>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks submitted values against a form (pure). Every problem is reported with a Chinese message and a path
 * starting with the field key (then row index and column key for tables). Unknown keys are reported too, so
 * nothing unchecked is stored.
 */
export function validateFormValues(
  form: FormSchema,
  values: Record<string, unknown>,
  known: KnownReferences = {},
): FormValueIssue[] {
  const issues: FormValueIssue[] = [];
  if (values === null || typeof values !== 'object' || Array.isArray(values))
    return [{ path: [], message: '表单内容须为对象' }];
  const keys = new Set(form.fields.map((f) => f.key));
  for (const key of Object.keys(values))
    if (!keys.has(key)) issues.push({ path: [key], message: '表单中没有此字段' });
  for (const field of form.fields) checkField(field, values[field.key], [field.key], known, issues);
  return issues;
}

/** User ids and file ids the values reference (what the caller looks up before validating). */
export function referencedIds(
  form: FormSchema,
  values: Record<string, unknown>,
): { userIds: string[]; fileIds: string[] } {
  const userIds = new Set<string>();
  const fileIds = new Set<string>();
  const addUsers = (field: ScalarField, value: unknown) => {
    if (field.type !== 'user') return;
    for (const v of Array.isArray(value) ? value : [value])
      if (typeof v === 'string' && UUID.test(v)) userIds.add(v);
  };
  for (const field of form.fields) {
    const value = values?.[field.key];
    if (field.type === 'attachments' && Array.isArray(value)) {
      for (const f of value) {
        const id = (f as { fileId?: unknown } | null)?.fileId;
        if (typeof id === 'string' && UUID.test(id)) fileIds.add(id);
      }
    } else if (field.type === 'table' && Array.isArray(value)) {
      for (const row of value)
        for (const col of field.columns) addUsers(col, (row as Record<string, unknown> | null)?.[col.key]);
    } else if (field.type !== 'attachments' && field.type !== 'table') {
      addUsers(field, value);
    }
  }
  return { userIds: [...userIds], fileIds: [...fileIds] };
}

/** Empty means "not filled": undefined, null, '', [] (and a date range of two empties). */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0 || value.every((v) => v === null || v === '');
  return false;
}

function checkField(
  field: FormField,
  value: unknown,
  path: (string | number)[],
  known: KnownReferences,
  issues: FormValueIssue[],
) {
  const fail = (message: string, at: (string | number)[] = path) => issues.push({ path: at, message });
  if (isEmptyValue(value)) {
    if (field.required) fail(`请填写${field.label}`);
    else if (field.type === 'table' && field.minRows && Array.isArray(value))
      fail(`${field.label}至少 ${field.minRows} 行`);
    return;
  }
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return fail(`${field.label}须为文本`);
      if (field.maxLength && [...value].length > field.maxLength)
        return fail(`${field.label}不能超过 ${field.maxLength} 个字`);
      if (field.type === 'text' && field.pattern && !safeRegExp(field.pattern)?.test(value))
        return fail(`${field.label}格式不正确`);
      return;
    }
    case 'number':
    case 'money': {
      const problem = checkNumberValue(field, value);
      if (problem) fail(numberMessage(field, problem));
      return;
    }
    case 'date':
      if (!isDate(value)) return fail(`${field.label}须为有效日期（YYYY-MM-DD）`);
      return;
    case 'dateRange': {
      if (!Array.isArray(value) || value.length !== 2) return fail(`${field.label}须为开始和结束日期`);
      const [start, end] = value;
      if (!isDate(start) || !isDate(end)) return fail(`${field.label}须为有效日期（YYYY-MM-DD）`);
      if (start > end) return fail(`${field.label}的开始日期不能晚于结束日期`);
      return;
    }
    case 'select':
      if (typeof value !== 'string' || !field.options.some((o) => o.value === value))
        return fail(`${field.label}的选项无效`);
      return;
    case 'multiSelect': {
      if (!Array.isArray(value)) return fail(`${field.label}须为选项列表`);
      const allowed = new Set(field.options.map((o) => o.value));
      if (value.some((v) => typeof v !== 'string' || !allowed.has(v)))
        return fail(`${field.label}含无效选项`);
      if (new Set(value).size !== value.length) return fail(`${field.label}的选项重复`);
      return;
    }
    case 'user': {
      const ids = field.multiple ? value : [value];
      if (!Array.isArray(ids) || (!field.multiple && Array.isArray(value)))
        return fail(field.multiple ? `${field.label}须为人员列表` : `${field.label}只能选择一人`);
      for (const id of ids) {
        if (typeof id !== 'string' || !UUID.test(id)) return fail(`${field.label}的人员无效`);
        if (known.activeUserIds && !known.activeUserIds.has(id))
          return fail(`${field.label}的人员不存在或已停用`);
      }
      return;
    }
    case 'attachments': {
      if (!Array.isArray(value)) return fail(`${field.label}须为附件列表`);
      if (value.length > field.maxFiles) return fail(`${field.label}最多 ${field.maxFiles} 个文件`);
      for (const [i, file] of value.entries()) {
        const f = file as Partial<UploadedFileValue> | null;
        if (!f || typeof f !== 'object' || typeof f.fileId !== 'string' || !UUID.test(f.fileId)) {
          fail(`${field.label}的第 ${i + 1} 个文件无效`, [...path, i]);
          continue;
        }
        if (known.ownFileIds && !known.ownFileIds.has(f.fileId))
          fail(`${field.label}的第 ${i + 1} 个文件不存在或不是您上传的`, [...path, i]);
      }
      return;
    }
    case 'table': {
      if (!Array.isArray(value)) return fail(`${field.label}须为明细行列表`);
      if (field.minRows !== undefined && value.length < field.minRows)
        return fail(`${field.label}至少 ${field.minRows} 行`);
      if (field.maxRows !== undefined && value.length > field.maxRows)
        return fail(`${field.label}最多 ${field.maxRows} 行`);
      for (const [i, row] of value.entries()) {
        if (!row || typeof row !== 'object' || Array.isArray(row)) {
          fail(`${field.label}第 ${i + 1} 行无效`, [...path, i]);
          continue;
        }
        const cols = new Set(field.columns.map((c) => c.key));
        for (const key of Object.keys(row)) if (!cols.has(key)) fail('明细中没有此列', [...path, i, key]);
        for (const col of field.columns) {
          const before = issues.length;
          checkField(col, (row as Record<string, unknown>)[col.key], [...path, i, col.key], known, issues);
          // Say which row: "第 2 行：请填写金额".
          for (const issue of issues.slice(before))
            issue.message = `${field.label}第 ${i + 1} 行：${issue.message}`;
        }
      }
      return;
    }
  }
}

type NumberField = Extract<FormField, { type: 'number' | 'money' }>;

/** What is wrong with a number or money value: the browser words it in the page's language, the server in Chinese. */
export type NumberProblem =
  | { kind: 'notNumber' }
  | { kind: 'decimals'; precision: number }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number };

/**
 * The limits a number or money field enforces. Money is an amount in yuan: two decimals, and never below 0
 * unless the designer set a lower minimum (a refund form may allow negatives on purpose).
 */
export function numberLimits(field: NumberField): { min?: number; max?: number; precision: number } {
  return field.type === 'money'
    ? { min: field.min ?? 0, max: field.max, precision: 2 }
    : { min: field.min, max: field.max, precision: field.precision ?? 6 };
}

/**
 * The one check of a filled number or money value (pure), shared by the start form in the browser and by
 * startLocalInstance() on the server, so both refuse exactly the same values.
 */
export function checkNumberValue(field: NumberField, value: unknown): NumberProblem | null {
  const n = toNumber(value);
  if (n === null) return { kind: 'notNumber' };
  const { min, max, precision } = numberLimits(field);
  if (decimalPlaces(value) > precision) return { kind: 'decimals', precision };
  if (min !== undefined && n < min) return { kind: 'min', n: min };
  if (max !== undefined && n > max) return { kind: 'max', n: max };
  return null;
}

function numberMessage(field: NumberField, problem: NumberProblem): string {
  switch (problem.kind) {
    case 'notNumber':
      return `${field.label}须为数字`;
    case 'decimals':
      return field.type === 'money'
        ? `${field.label}最多两位小数`
        : problem.precision === 0
          ? `${field.label}须为整数`
          : `${field.label}最多 ${problem.precision} 位小数`;
    case 'min':
      return `${field.label}不能小于 ${problem.n}`;
    case 'max':
      return `${field.label}不能大于 ${problem.n}`;
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return null;
}

function decimalPlaces(value: unknown): number {
  const text = typeof value === 'number' ? numberText(value) : String(value).trim();
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** 0.1 + 0.2 style noise is not what the user typed: round to 10 places before counting decimals. */
function numberText(n: number): string {
  return String(Number(n.toFixed(10)));
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}
