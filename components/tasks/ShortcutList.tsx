'use client';

import { Descriptions, Flex, Typography } from 'antd';
import { useT } from '@/lib/i18n/locale-context';

/** The content of ShortcutHelp: every shortcut of the inbox and of the detail page. */
export function ShortcutList() {
  const t = useT('inbox');
  const rows = (items: [string, string][]) =>
    items.map(([keys, label]) => (
      <Descriptions.Item key={keys} label={<Typography.Text keyboard>{keys}</Typography.Text>}>
        {label}
      </Descriptions.Item>
    ));
  return (
    <Flex vertical gap={8} style={{ maxWidth: 340 }} data-testid="shortcut-help">
      <Descriptions size="small" column={1} title={t('shortcuts.inList')}>
        {rows([
          ['j / k', t('shortcuts.move')],
          ['Enter / o', t('shortcuts.open')],
          ['x', t('shortcuts.select')],
          ['/', t('shortcuts.search')],
          ['?', t('shortcuts.help')],
        ])}
      </Descriptions>
      <Descriptions size="small" column={1} title={t('shortcuts.inDetail')}>
        {rows([
          ['a', t('shortcuts.agree')],
          ['r', t('shortcuts.refuse')],
          ['t', t('shortcuts.transfer')],
          ['c', t('shortcuts.comment')],
          ['n / p', t('shortcuts.nextPrev')],
          ['Ctrl / ⌘ + Enter', t('shortcuts.submit')],
        ])}
      </Descriptions>
    </Flex>
  );
}
