'use client';

import { ApartmentOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Row, Skeleton, Typography, theme } from 'antd';
import Link from 'next/link';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { type StartableWorkflow, useStartableWorkflows } from '@/lib/client/queries/use-workflows';
import { useT } from '@/lib/i18n/locale-context';

/** 发起申请: the local workflows the viewer may start, grouped by category. */
export function ApplyPage() {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const list = useStartableWorkflows();
  const groups = new Map<string, StartableWorkflow[]>();
  for (const w of list.data ?? []) {
    const category = w.category || t('apply.uncategorized');
    groups.set(category, [...(groups.get(category) ?? []), w]);
  }
  return (
    <Flex vertical gap={token.marginLG}>
      <PageHeader title={t('common:nav.apply')} hint={t('apply.hint')} />
      <LoadingError error={list.error} />
      {list.isLoading && <Skeleton active />}
      {list.data && list.data.length === 0 && <Empty description={t('apply.empty')} />}
      {[...groups.entries()].map(([category, items]) => (
        <section key={category} aria-label={category}>
          <Typography.Title level={5}>{category}</Typography.Title>
          <Row gutter={[token.margin, token.margin]}>
            {items.map((w) => (
              <Col key={w.id} xs={24} sm={12} lg={8} xl={6}>
                <Link href={`/apply/${w.id}`} data-testid="apply-card">
                  <Card hoverable size="small">
                    <Card.Meta
                      avatar={
                        <ApartmentOutlined
                          style={{ fontSize: token.fontSizeHeading3, color: token.colorPrimary }}
                        />
                      }
                      title={w.name}
                      description={
                        <Typography.Paragraph
                          type="secondary"
                          ellipsis={{ rows: 2 }}
                          style={{ marginBottom: 0 }}
                        >
                          {w.description || t('apply.noDescription')}
                        </Typography.Paragraph>
                      }
                    />
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </section>
      ))}
    </Flex>
  );
}
