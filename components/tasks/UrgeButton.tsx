'use client';

import { BellOutlined } from '@ant-design/icons';
import { Button, type ButtonProps, Popconfirm } from 'antd';
import { useEffect, useState } from 'react';
import { formatTime } from '@/lib/client/format-time';
import { urgeRetryAt, useUrge } from '@/lib/client/queries/use-urge';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

/**
 * 催办 (docs/reminders.md): asks before urging the current approvers of a request; afterwards (or when the server
 * says it is too soon) the button is disabled and says when it can be used again. Approvers without a DingTalk
 * account are named as not reachable.
 */
export function UrgeButton({
  instanceId,
  nextAllowedAt = null,
  size,
  block,
}: {
  instanceId: string;
  /** From the request's urge state, where the page has it. */
  nextAllowedAt?: string | null;
  size?: ButtonProps['size'];
  block?: boolean;
}) {
  const t = useT('reminders');
  const toast = useToast();
  const urge = useUrge(instanceId);
  const [retryAt, setRetryAt] = useState<string | null>(nextAllowedAt);
  useEffect(() => setRetryAt(nextAllowedAt), [nextAllowedAt]);
  // Enabled again once the hour is over, without a reload.
  useEffect(() => {
    if (!retryAt) return;
    const wait = new Date(retryAt).getTime() - Date.now();
    if (wait <= 0) return setRetryAt(null);
    const timer = setTimeout(() => setRetryAt(null), Math.min(wait, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [retryAt]);

  const names = (list: { name: string }[]) => list.map((r) => r.name).join(t('names.separator'));
  async function run() {
    try {
      const answer = await urge.mutateAsync();
      setRetryAt(answer.nextAllowedAt);
      const reached = answer.recipients.filter((r) => r.reachable);
      const unreachable = answer.recipients.filter((r) => !r.reachable);
      if (reached.length) toast.success(t('urge.done', { names: names(reached) }));
      if (unreachable.length) toast.info(t('urge.unreachable', { names: names(unreachable) }));
    } catch (error) {
      const at = urgeRetryAt(error);
      if (at) setRetryAt(at);
      toast.error(error);
    }
  }

  if (retryAt)
    return (
      <Button size={size} block={block} icon={<BellOutlined />} disabled data-testid="urge-button">
        {t('urge.again', { time: formatTime(retryAt, 'clock') })}
      </Button>
    );
  return (
    <Popconfirm
      title={t('urge.confirmTitle')}
      description={<div style={{ maxWidth: 280 }}>{t('urge.confirm')}</div>}
      okText={t('urge.ok')}
      cancelText={t('urge.cancel')}
      onConfirm={run}
      okButtonProps={{ 'data-testid': 'urge-confirm' } as ButtonProps}
    >
      <Button
        size={size}
        block={block}
        icon={<BellOutlined />}
        loading={urge.isPending}
        data-testid="urge-button"
        onClick={(e) => e.stopPropagation()}
      >
        {t('urge.button')}
      </Button>
    </Popconfirm>
  );
}
