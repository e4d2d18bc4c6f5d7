'use client';

import { ClearOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex } from 'antd';
import { useT } from '@/lib/i18n/locale-context';

/**
 * The phone's filter sheet: the filter controls (and 我的视图) in a bottom drawer. Its own module, loaded on the
 * first tap of the filter button (InboxFilters), so the drawer is not part of the page's first load.
 */
export function FilterSheet({
  open,
  onClose,
  hasFilters,
  onClear,
  children,
}: {
  open: boolean;
  onClose(): void;
  hasFilters: boolean;
  onClear(): void;
  children: React.ReactNode;
}) {
  const t = useT('inbox');
  return (
    <Drawer
      placement="bottom"
      size="auto"
      open={open}
      onClose={onClose}
      title={t('filters')}
      styles={{ body: { maxHeight: '70vh', overflow: 'auto' } }}
      footer={
        <Flex gap={8}>
          <Button block icon={<ClearOutlined />} disabled={!hasFilters} onClick={onClear}>
            {t('filter.clear')}
          </Button>
          <Button block type="primary" onClick={onClose}>
            {t('filter.done')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={12} data-testid="filter-sheet">
        {children}
      </Flex>
    </Drawer>
  );
}
