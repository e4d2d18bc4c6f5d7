'use client';

import { Descriptions, Table, Typography } from 'antd';
import { formatTime } from '@/lib/client/format-time';
import { useT } from '@/lib/i18n/locale-context';

import type { AttachmentView, InstanceDetail } from '@/lib/tasks/instance-queries';
import { AttachmentList } from './AttachmentList';
import { FormFieldFiles } from './FormFieldFiles';

type FormValue = InstanceDetail['formValues'][number];

type Cell = { label?: string; name?: string; key?: string; value?: unknown };

const isMoney = (type: string) => /money|amount/i.test(type);
const isDate = (type: string) => /date/i.test(type);
const isTable = (type: string, value: unknown) => /table/i.test(type) && Array.isArray(value);
const isAttachment = (type: string) => /attachment|file|image/i.test(type);

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[[{]/.test(value.trim())) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Plain text of a value: arrays joined with `separator` (、 in Chinese), objects by their label/name/value, never
 * rendered as HTML.
 */
export function valueText(value: unknown, separator: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map((v) => valueText(v, separator)).join(separator);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const picked = v.label ?? v.name ?? v.text ?? v.value;
    return picked !== undefined ? valueText(picked, separator) : JSON.stringify(value);
  }
  return String(value);
}

function money(value: unknown, separator: string, display?: string): string {
  const n = typeof value === 'number' ? value : Number(String(value).replace(/[,￥¥\s]/g, ''));
  if (!Number.isFinite(n)) return display ?? valueText(value, separator);
  return `¥ ${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function date(value: unknown, display?: string): string {
  if (display) return display;
  // An optional date (range) left empty in a local workflow's form is stored as null.
  if (value === null || value === undefined || value === '') return '—';
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .map((p) => {
      const v = typeof p === 'number' ? p : String(p);
      return formatTime(v, /[T ]\d{2}:/.test(String(p)) ? 'dateTime' : 'date', String(p));
    })
    .join(' ~ ');
}

/** The key column of a detail table's rows; no label can hold a NUL character (PostgreSQL text cannot). */
const ROW_KEY = '\u0000row';

/** A table field (明细): rows of cells → a small table whose columns are the union of the cells' labels. */
function DetailTable({ rows }: { rows: unknown[] }) {
  const separator = useT('common')('listSeparator');
  const normalised = rows.map((row) => {
    const cells: Cell[] = Array.isArray(row)
      ? (row as Cell[])
      : Array.isArray((row as { rowValue?: unknown }).rowValue)
        ? (row as { rowValue: Cell[] }).rowValue
        : Object.entries(row as Record<string, unknown>).map(([label, value]) => ({ label, value }));
    return Object.fromEntries(
      cells.map((c) => [c.label ?? c.name ?? c.key ?? '', valueText(c.value, separator)]),
    );
  });
  const columns = [...new Set(normalised.flatMap((r) => Object.keys(r)))];
  // Rows have no id of their own: their position is the key (antd deprecates reading it from rowKey's index).
  const dataSource = normalised.map((r, i) => ({ ...r, [ROW_KEY]: String(i) }));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={ROW_KEY}
      dataSource={dataSource}
      columns={columns.map((c) => ({ key: c, title: c, dataIndex: c }))}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** The form as a readable description list: text, numbers, money, dates, detail tables and attachment fields. */
export function FormValues({ values, attachments }: { values: FormValue[]; attachments: AttachmentView[] }) {
  const t = useT('instance');
  const separator = t('common:listSeparator');
  const hasAttachmentField = values.some((v) => isAttachment(v.type));
  return (
    <Descriptions
      column={1}
      bordered
      size="small"
      data-testid="form-values"
      // A wide value (a sub-table) must not squeeze the labels on a phone: 6.5em holds a four-character label
      // (用车日期) on one line beside the cell padding.
      styles={{ label: { minWidth: '6.5em' } }}
    >
      {values.map((v, i) => {
        const value = parseMaybeJson(v.value);
        let content: React.ReactNode;
        if (isAttachment(v.type)) content = <FormFieldFiles value={value} attachments={attachments} />;
        else if (isTable(v.type, value)) content = <DetailTable rows={value as unknown[]} />;
        else if (isMoney(v.type)) content = money(value, separator, v.display);
        else if (isDate(v.type)) content = date(value, v.display);
        else
          content = (
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
              {v.display || valueText(value, separator)}
            </Typography.Text>
          );
        return (
          <Descriptions.Item key={v.id ?? `${v.name}-${i}`} label={v.name}>
            {content}
          </Descriptions.Item>
        );
      })}
      {!hasAttachmentField && attachments.length > 0 && (
        <Descriptions.Item label={t('formFiles')}>
          <AttachmentList files={attachments} />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
