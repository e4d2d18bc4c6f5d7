'use client';

import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Popover, Spin } from 'antd';
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import { useT } from '@/lib/i18n/locale-context';
import { isShortcutBlocked } from './keyboard';

/** The list itself loads when the help is first opened, not with the page. */
const ShortcutList = dynamic(() => import('./ShortcutList').then((m) => m.ShortcutList), {
  ssr: false,
  loading: () => <Spin size="small" />,
});

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
  return (
    <Popover
      trigger="click"
      open={isOpen}
      onOpenChange={setOpen}
      title={t('shortcuts')}
      content={<ShortcutList />}
    >
      <Button
        icon={<QuestionCircleOutlined />}
        aria-label={t('shortcuts')}
        data-testid="shortcut-help-button"
      />
    </Popover>
  );
}
