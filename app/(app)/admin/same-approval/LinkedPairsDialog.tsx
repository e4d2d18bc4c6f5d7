'use client';

import { Modal, Typography } from 'antd';
import Link from 'next/link';
import { PlainList } from '@/components/common/PlainList';
import { formatTime } from '@/lib/client/format-time';
import type { SameApprovalRuleView } from '@/lib/client/queries/use-same-approval-rules';
import { useT } from '@/lib/i18n/locale-context';

/** The pairs a rule linked, newest first: the shared value, the primary and its copy, each opening its page. */
export function LinkedPairsDialog({ rule, onClose }: { rule: SameApprovalRuleView; onClose: () => void }) {
  const t = useT('sameApproval');
  const { total, recent } = rule.linked;
  return (
    <Modal
      open
      title={t('rules.linkedTitle', { name: rule.name })}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      {total > recent.length && (
        <Typography.Paragraph type="secondary">
          {t('rules.linkedMore', { total, shown: recent.length })}
        </Typography.Paragraph>
      )}
      <PlainList
        items={recent}
        rowKey={(p) => p.twin.instanceId}
        data-testid="rule-linked-pairs"
        renderItem={(p) => (
          <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            <Typography.Text type="secondary">{t('rules.linkedValue')} </Typography.Text>
            <Typography.Text code data-user-content>
              {p.value}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">{t('rules.linkedPrimary')} </Typography.Text>
              <Link href={`/instances/${p.primary.instanceId}`} data-user-content>
                {p.primary.title}
              </Link>
            </div>
            <div>
              <Typography.Text type="secondary">{t('rules.linkedTwin')} </Typography.Text>
              <Link href={`/instances/${p.twin.instanceId}`} data-user-content>
                {p.twin.title}
              </Link>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rules.linkedAt')} {formatTime(p.linkedAt, 'dateTime')}
            </Typography.Text>
          </div>
        )}
      />
    </Modal>
  );
}
