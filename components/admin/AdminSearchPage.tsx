'use client';

import { Button, Card, Form, type FormInstance, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { useT } from '@/lib/i18n/locale-context';

/** Rows per page of the admin search lists. */
export const ADMIN_PAGE_SIZE = 20;

/**
 * The filter card of an admin search page (events, audit, all tasks): a title with optional actions, an optional
 * hint, and an inline form of filter fields ending in 搜索.
 */
export function AdminFilterCard<F extends object>({
  title,
  extra,
  hint,
  form,
  initialValues,
  onSearch,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  hint?: ReactNode;
  form?: FormInstance<F>;
  initialValues?: Partial<F>;
  onSearch: (values: F) => void;
  children: ReactNode;
}) {
  const t = useT('common');
  return (
    <Card>
      <PageHeader title={title} extra={extra} hint={hint} />
      <Form<F>
        form={form}
        layout="inline"
        initialValues={initialValues}
        style={{ rowGap: 8 }}
        onFinish={onSearch}
      >
        {children}
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('search')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** What a paged admin list query answers. */
type PagedQuery<R> = {
  data?: { items: R[]; total: number };
  isFetching: boolean;
  error: Error | null;
};

/** The results card of an admin search page: "共 N 条", the query's error, and the paged table. */
export function AdminResultsCard<R extends object>({
  query,
  page,
  onPage,
  extra,
  ...table
}: {
  query: PagedQuery<R>;
  page: number;
  onPage: (page: number) => void;
  extra?: ReactNode;
} & Pick<TableProps<R>, 'columns' | 'onRow' | 'size' | 'rowKey'>) {
  const t = useT('common');
  const total = query.data?.total ?? 0;
  return (
    <Card title={t('total', { n: total })} extra={extra}>
      <LoadingError error={query.error} />
      <Table<R>
        rowKey="id"
        {...table}
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: ADMIN_PAGE_SIZE,
          total,
          showSizeChanger: false,
          onChange: onPage,
        }}
      />
    </Card>
  );
}
