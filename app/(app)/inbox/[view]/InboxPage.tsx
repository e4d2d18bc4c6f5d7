'use client';

import { Card, Empty, Table, Typography } from 'antd';
import { useLocale } from '@/components/providers/LocaleProvider';
import type { MessageKey } from '@/lib/i18n/messages';
import type { InboxView } from './page';

const TITLES: Record<InboxView, MessageKey> = {
  pending: 'nav.pending',
  done: 'nav.done',
  initiated: 'nav.initiated',
  cc: 'nav.cc',
};

/**
 * One inbox view. The task list arrives with the connectors (issue 7 fills the table from /api/tasks); until
 * then the frame, columns and empty state are real.
 */
export function InboxPage({ view }: { view: InboxView }) {
  const { t } = useLocale();
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t(TITLES[view])}
      </Typography.Title>
      <Table
        rowKey="id"
        dataSource={[]}
        pagination={false}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
        columns={[
          { key: 'title', title: t('inbox.col.title') },
          { key: 'source', title: t('inbox.col.source') },
          { key: 'process', title: t('inbox.col.process') },
          { key: 'originator', title: t('inbox.col.originator') },
          { key: 'status', title: t('inbox.col.status') },
          { key: 'received', title: t('inbox.col.received') },
        ]}
      />
    </Card>
  );
}
