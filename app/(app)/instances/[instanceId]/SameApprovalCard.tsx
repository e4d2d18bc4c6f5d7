'use client';

import { ExportOutlined } from '@ant-design/icons';
import { Card, Flex, Space, Tag, Typography } from 'antd';
import Link from 'next/link';
import { ClientLinkButton } from '@/components/common/ClientLinkButton';
import { PlainList } from '@/components/common/PlainList';
import { SourceTag } from '@/components/tasks/SourceTag';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { useT } from '@/lib/i18n/locale-context';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';

/**
 * One task for one approval: the other copies of this approval, each with its Huiban page and its
 * source's own link, so the detail page carries both sources' links. Nothing when there is no other copy.
 */
export function SameApprovalCard({ copies }: { copies: InstanceDetail['sameApproval'] }) {
  const t = useT('sameApproval');
  if (copies.length === 0) return null;
  return (
    <Card title={t('card.title')} data-testid="same-approval">
      <Typography.Paragraph type="secondary">{t('card.hint')}</Typography.Paragraph>
      <PlainList
        items={copies}
        rowKey={(c) => c.instanceId}
        renderItem={(c) => (
          <div data-testid="same-approval-copy">
            <Flex vertical gap={4} style={{ minWidth: 0, width: '100%' }}>
              <Space wrap>
                <SourceTag source={c.source} />
                <Tag>{c.isPrimary ? t('copy.primary') : t('copy.twin')}</Tag>
                <TaskStatusTag status={c.status} result={null} />
              </Space>
              <Typography.Text style={{ overflowWrap: 'anywhere' }}>
                {c.title} · {c.connectorName}
              </Typography.Text>
              <Space wrap>
                <Link href={`/instances/${c.instanceId}`}>{t('copy.openInHuiban')}</Link>
                {(c.pcUrl ?? c.mobileUrl) && (
                  <ClientLinkButton
                    size="small"
                    icon={<ExportOutlined />}
                    href={(c.pcUrl ?? c.mobileUrl) as string}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t('copy.openSource')}
                  </ClientLinkButton>
                )}
              </Space>
            </Flex>
          </div>
        )}
      />
    </Card>
  );
}
