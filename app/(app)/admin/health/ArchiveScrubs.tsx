'use client';

import { Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import Link from 'next/link';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { PlainList } from '@/components/common/PlainList';
import { formatTime } from '@/lib/client/format-time';
import { useAttachmentScrubs } from '@/lib/client/queries/use-reconciliation';
import { useT } from '@/lib/i18n/locale-context';

/** The archive scrub's latest runs: counts, and each damaged or missing file with what was done about it. */
export function ArchiveScrubs() {
  const t = useT('reconcile');
  const scrubs = useAttachmentScrubs();
  const all = scrubs.data ?? [];
  return (
    <Card data-testid="archive-scrubs">
      <PageHeader title={t('scrub.title')} hint={t('scrub.hint')} />
      <LoadingError error={scrubs.error} />
      {!scrubs.isLoading && all.length === 0 && <Empty description={t('scrub.empty')} />}
      <PlainList
        items={all}
        rowKey={(s) => s.id}
        renderItem={(s) => (
          <div data-testid="archive-scrub">
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{formatTime(s.startedAt, 'dateTimeSeconds')}</Typography.Text>
              <Descriptions size="small" column={{ xs: 2, md: 6 }}>
                <Descriptions.Item label={t('scrub.checked')}>{s.checked}</Descriptions.Item>
                <Descriptions.Item label={t('scrub.intact')}>{s.intact}</Descriptions.Item>
                <Descriptions.Item label={t('scrub.missing')}>{s.missing}</Descriptions.Item>
                <Descriptions.Item label={t('scrub.mismatched')}>{s.mismatched}</Descriptions.Item>
                <Descriptions.Item label={t('scrub.recopied')}>{s.recopied}</Descriptions.Item>
                <Descriptions.Item label={t('scrub.failed')}>{s.failed}</Descriptions.Item>
              </Descriptions>
              {s.findings.length > 0 && (
                <Space wrap size={[4, 4]}>
                  {s.findings.map((f) => (
                    <Tag key={f.attachmentId} color={f.outcome === 'recopied' ? 'gold' : 'red'}>
                      <Link href={`/instances/${f.instanceId}`}>{f.fileName}</Link> ·{' '}
                      {t(`scrub.problem.${f.problem}`)} · {t(`scrub.outcome.${f.outcome}`)}
                    </Tag>
                  ))}
                </Space>
              )}
            </Space>
          </div>
        )}
      />
    </Card>
  );
}
