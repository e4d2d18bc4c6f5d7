import type { Locale } from '@/lib/i18n/locales';
import { instanceMessages } from '@/lib/i18n/messages/instance';
import { translator } from '@/lib/i18n/translate';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { shownNodeName } from '@/lib/tasks/log-node-name';

/**
 * One printed approval (审批单) as plain text rows: the print page and the PDF both render this, so they say
 * the same things in the same order.
 */
export type PrintModel = {
  locale: Locale;
  companyName: string;
  heading: string;
  title: string;
  meta: { label: string; value: string }[];
  formHeading: string;
  form: { label: string; value: string }[];
  timelineHeading: string;
  timelineColumns: { time: string; actor: string; action: string; remark: string };
  timeline: { time: string; actor: string; action: string; remark: string; files: string[] }[];
  attachmentsHeading: string;
  attachments: string[];
  noAttachments: string;
  /** Between the names of a step's files (、 or , ). */
  listSeparator: string;
  footer: string;
};

/** The log actions the timeline has a label for (`log.<action>` in the instance messages); others print as 其他. */
const KNOWN_ACTIONS = new Set(
  Object.keys(instanceMessages['zh-CN'])
    .filter((key) => key.startsWith('log.'))
    .map((key) => key.slice('log.'.length)),
);

/** A time as the company reads it (HUIBAN_TIME_ZONE), to the minute: 2026-12-05 14:03. */
export function printTime(iso: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

/** A form value as text: lists joined, objects by their label/name/value, files by name; never markup. */
export function printValue(value: unknown, separator: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && /^[[{]/.test(value.trim())) {
    try {
      return printValue(JSON.parse(value) as unknown, separator);
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v) => printValue(v, separator)).join(separator) || '—';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const picked = v.label ?? v.fileName ?? v.name ?? v.text ?? v.value;
    if (picked !== undefined) return printValue(picked, separator);
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${printValue(x, separator)}`)
      .join('; ');
  }
  return String(value);
}

export function buildPrintModel(input: {
  instance: InstanceDetail;
  locale: Locale;
  companyName: string;
  timeZone: string;
  printedAt: Date;
}): PrintModel {
  const { instance: i, locale, timeZone } = input;
  const t = translator(locale, 'comments');
  const ti = translator(locale, 'instance');
  const ts = translator(locale, 'status');
  const sep = ti('names.separator');
  const st = (key: string) => ts(key as never);
  const status =
    i.result && i.status === 'completed' ? `${st(i.status)} · ${st(`result.${i.result}`)}` : st(i.status);
  const meta = [
    { label: t('print.process'), value: i.processName ?? '—' },
    { label: t('print.originator'), value: i.originatorName ?? '—' },
    { label: t('print.created'), value: printTime(i.createdAt, timeZone) },
    { label: t('print.finished'), value: i.finishedAt ? printTime(i.finishedAt, timeZone) : '—' },
    { label: t('print.status'), value: status },
  ];
  const logFiles = i.logs.flatMap((l) => l.attachments.map((a) => a.fileName));
  return {
    locale,
    companyName: input.companyName,
    heading: t('print.title'),
    title: i.title,
    meta,
    formHeading: t('print.form'),
    form: i.formValues.map((f) => ({
      label: f.name,
      value: f.display ?? printValue(f.value, sep),
    })),
    timelineHeading: t('print.timeline'),
    timelineColumns: {
      time: t('print.time'),
      actor: t('print.actor'),
      action: t('print.action'),
      remark: t('print.remark'),
    },
    timeline: i.logs.map((l) => {
      const label = KNOWN_ACTIONS.has(l.action) ? ti(`log.${l.action}` as never) : ti('log.other');
      const names = l.targets.map((x) => x.name).join(sep);
      return {
        time: printTime(l.occurredAt, timeZone),
        actor: l.actorName ?? ti('log.system'),
        action: names ? `${label} → ${names}` : label,
        // The node a step was decided at, then its remark; a start or cc step's node is only a role (发起人).
        remark: [shownNodeName(l), l.remark].filter(Boolean).join(' · '),
        files: l.attachments.map((a) => a.fileName),
      };
    }),
    attachmentsHeading: t('print.attachments'),
    attachments: [...i.attachments.map((a) => a.fileName), ...logFiles],
    noAttachments: t('print.noAttachments'),
    listSeparator: sep,
    footer: `${t('print.serial', { id: i.id })}　${t('print.printedAt', { time: printTime(input.printedAt, timeZone) })}`,
  };
}
