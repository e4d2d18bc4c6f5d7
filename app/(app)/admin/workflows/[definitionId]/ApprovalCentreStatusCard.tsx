'use client';

import { Alert, Card, Tag, Typography } from 'antd';
import Link from 'next/link';
import { PlainList } from '@/components/common/PlainList';
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
            <Alert type="error" showIcon title={t('centre.templateError', { error: tpl.lastError })} />
          ) : null}
        </div>
      ))}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('centre.problems')}
      </Typography.Title>
      {(status?.problems ?? []).length === 0 ? (
        <Typography.Text type="secondary">{t('centre.noProblems')}</Typography.Text>
      ) : (
        <PlainList
          items={status?.problems ?? []}
          rowKey={(p) => `${p.kind}:${p.instanceId ?? ''}:${p.at}`}
          renderItem={(p) => (
            <div>
              <div style={{ overflowWrap: 'anywhere' }}>
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
              </div>
              <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
                {p.error} · {formatTime(p.at)}
              </Typography.Text>
            </div>
          )}
        />
      )}
    </Card>
  );
}
