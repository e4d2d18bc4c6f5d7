'use client';

import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex, Popover, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '@/lib/i18n/locale-context';
import { isShortcutBlocked } from './keyboard';

/**
 * The keyboard shortcuts of the inbox and the detail page, behind a button; `?` opens and closes it, Escape
 * closes it. One list for both pages, so the help never omits what a page supports.
 */
export function ShortcutHelp() {
  const t = useT('inbox');
  const [isOpen, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') return setOpen(false);
      // `?` is Shift+/ on most layouts: Shift is allowed, the other modifiers are not.
      if (event.key !== '?' || isShortcutBlocked(event)) return;
      event.preventDefault();
      setOpen((open) => !open);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const rows = (items: [string, string][]) =>
    items.map(([keys, label]) => (
      <Descriptions.Item key={keys} label={<Typography.Text keyboard>{keys}</Typography.Text>}>
        {label}
      </Descriptions.Item>
    ));
  return (
    <Popover
      trigger="click"
      open={isOpen}
      onOpenChange={setOpen}
      title={t('shortcuts')}
      content={
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
      }
    >
      <Button
        icon={<QuestionCircleOutlined />}
        aria-label={t('shortcuts')}
        data-testid="shortcut-help-button"
      />
    </Popover>
  );
}
