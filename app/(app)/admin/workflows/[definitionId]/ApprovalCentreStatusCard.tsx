'use client';

import { Alert, Card, List, Tag, Typography } from 'antd';
import Link from 'next/link';
import { formatTime } from '@/lib/client/format-time';
import { useApprovalCentreStatus } from '@/lib/client/queries/use-workflows';
import { useT } from '@/lib/i18n/locale-context';

const KINDS = ['pcInstance', 'pcTask', 'pcTaskDone', 'pcFinish'] as const;

/** The workflow's DingTalk approval-centre template per connector and the latest failed calls. */
export function ApprovalCentreStatusCard({ definitionId }: { definitionId: string }) {
  const t = useT('workflows');
  const query = useApprovalCentreStatus(definitionId, true);
  const status = query.data;
  return (
    <Card
      size="small"
      title={t('centre.title')}
      data-testid="approval-centre-status"
      loading={query.isLoading}
    >
      {status && status.templates.length === 0 ? (
        <Typography.Text type="secondary">{t('centre.notYet')}</Typography.Text>
      ) : null}
      {status?.templates.map((tpl) => (
        <div key={tpl.connectorId} style={{ marginBottom: 8 }}>
          <Typography.Text>
            {tpl.processCode
              ? t('centre.template', {
                  connector: tpl.connectorName,
                  processCode: tpl.processCode,
                  version: String(tpl.version ?? ''),
                })
              : t('centre.templatePending', { connector: tpl.connectorName })}
          </Typography.Text>
          {tpl.lastError ? (
            <Alert type="error" showIcon message={t('centre.templateError', { error: tpl.lastError })} />
          ) : null}
        </div>
      ))}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('centre.problems')}
      </Typography.Title>
      <List
        size="small"
        dataSource={status?.problems ?? []}
        locale={{ emptyText: t('centre.noProblems') }}
        renderItem={(p) => (
          <List.Item>
            <List.Item.Meta
              title={
                <span style={{ overflowWrap: 'anywhere' }}>
                  <Tag color={p.status === 'failed' ? 'red' : 'orange'}>{t(`centre.status.${p.status}`)}</Tag>
                  {KINDS.includes(p.kind as (typeof KINDS)[number])
                    ? t(`centre.kind.${p.kind as (typeof KINDS)[number]}`)
                    : p.kind}
                  {' · '}
                  {p.instanceId ? (
                    <Link href={`/instances/${p.instanceId}`}>{p.title ?? t('centre.untitled')}</Link>
                  ) : (
                    t('centre.untitled')
                  )}
                </span>
              }
              description={
                <span style={{ overflowWrap: 'anywhere' }}>
                  {p.error} · {formatTime(p.at)}
                </span>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
