import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translate';
import { insideDingTalkLink } from '../links';
import type { OaMessage } from '../work-notices';

export type TaskNoticeInput = {
  locale: Locale;
  kind: 'approval' | 'cc';
  title: string;
  originatorName: string | null;
  nodeName: string | null;
  /** Two or three summary fields (the process's summary fields when set). */
  fields: { key: string; value: string }[];
  /** The Huiban page of the task (absolute URL). */
  url: string;
};

/** The status bar colours (ARGB, as §11's sample writes them). */
const BG = { pending: '0xFFF65E5E', agree: '0xFF52C41A', refuse: '0xFFF5222D', other: '0xFF8C8C8C' } as const;
/** DingTalk rejects a `msg` over 2048 bytes: values are cut well below that. */
const MAX_VALUE = 80;

/** The `oa` card announcing one task to its assignee (§11.1), with the status bar 待处理 (or 抄送). */
export function buildTaskNotice(input: TaskNoticeInput): OaMessage {
  const t = translator(input.locale, 'notices');
  const cut = (v: string) => (v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v);
  const form = [
    ...(input.originatorName ? [{ key: t('card.originator'), value: cut(input.originatorName) }] : []),
    ...(input.nodeName ? [{ key: t('card.node'), value: cut(input.nodeName) }] : []),
    ...input.fields.slice(0, 3).map((f) => ({ key: `${cut(f.key)}：`, value: cut(f.value) })),
  ];
  const title = cut(input.title);
  return {
    msgtype: 'oa',
    oa: {
      message_url: insideDingTalkLink(input.url, false),
      pc_message_url: insideDingTalkLink(input.url, true),
      head: { bgcolor: 'FF1677FF', text: t('common:app.name') },
      status_bar:
        input.kind === 'cc'
          ? { status_value: t('status.cc'), status_bg: BG.other }
          : { status_value: t('status.pending'), status_bg: BG.pending },
      body: {
        title: input.kind === 'cc' ? t('card.cc', { title }) : t('card.approval', { title }),
        form,
        content: t('card.content'),
        author: t('common:app.name'),
      },
    },
  };
}

export type TaskOutcome = 'agree' | 'refuse' | 'redirect' | 'done' | 'cancelled';

/** How an ended task reads on its notice's status bar. */
export function outcomeOf(task: { status: string; result: string | null }): TaskOutcome | null {
  if (task.status === 'pending') return null;
  if (task.status !== 'done') return 'cancelled';
  if (task.result === 'agree' || task.result === 'refuse' || task.result === 'redirect') return task.result;
  return 'done';
}

export function outcomeStatusBar(locale: Locale, outcome: TaskOutcome): { value: string; bg: string } {
  const t = translator(locale, 'notices');
  const bg = outcome === 'agree' ? BG.agree : outcome === 'refuse' ? BG.refuse : BG.other;
  return { value: t(`status.${outcome}`), bg };
}
