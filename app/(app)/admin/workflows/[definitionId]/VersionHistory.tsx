'use client';

import { Button, Card, Empty, Flex, Form, Popconfirm, Tag, Timeline, Typography, theme } from 'antd';
import { useState } from 'react';
import { WorkflowForm } from '@/components/workflows/WorkflowForm';
import { formatTime } from '@/lib/client/format-time';
import type { WorkflowDetail } from '@/lib/client/queries/use-workflows';
import type { FormSchema } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';

/** 版本历史: every published version (immutable); look at its form, or copy it into the draft. */
export function VersionHistory({
  detail,
  onRestore,
}: {
  detail: WorkflowDetail;
  onRestore: (draft: unknown) => void;
}) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const [shown, setShown] = useState<number | null>(null);
  const [form] = Form.useForm();
  if (detail.versions.length === 0) return <Empty description={t('versions.none')} />;
  const current = detail.versions.find((v) => v.version === shown);
  return (
    <Flex gap={token.marginLG} wrap align="flex-start">
      <Timeline
        style={{ minWidth: 320 }}
        items={[...detail.versions].reverse().map((v) => ({
          color: v.version === detail.publishedVersion ? 'green' : 'gray',
          content: (
            <Flex vertical gap={token.marginXXS} data-testid="version-item">
              <span>
                <Typography.Text strong>{t('designer.versionN', { n: v.version })}</Typography.Text>{' '}
                {v.version === detail.publishedVersion && <Tag color="green">{t('versions.current')}</Tag>}
              </span>
              <Typography.Text type="secondary">
                {formatTime(v.publishedAt)} · {v.publishedByName ?? '—'}
              </Typography.Text>
              <Flex gap={token.marginXS}>
                <Button size="small" onClick={() => setShown(v.version)}>
                  {t('versions.view')}
                </Button>
                <Popconfirm title={t('versions.restoreConfirm')} onConfirm={() => onRestore(v.body)}>
                  <Button size="small">{t('versions.restore')}</Button>
                </Popconfirm>
              </Flex>
            </Flex>
          ),
        }))}
      />
      {current && (
        <Card
          size="small"
          title={t('designer.versionN', { n: current.version })}
          style={{ flex: '1 1 420px' }}
        >
          <WorkflowForm name="wf-version" schema={current.body.form as FormSchema} form={form} disabled />
        </Card>
      )}
    </Flex>
  );
}
