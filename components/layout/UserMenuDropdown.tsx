'use client';

import { Dropdown, type MenuProps } from 'antd';

/**
 * The header's user menu as a click dropdown around its trigger. Its own module, loaded on the first click
 * (AppShell): the dropdown is not part of any page's first load.
 */
export function UserMenuDropdown({
  items,
  open,
  onOpenChange,
  children,
}: {
  items: MenuProps['items'];
  open: boolean;
  onOpenChange(open: boolean): void;
  children: React.ReactElement;
}) {
  return (
    <Dropdown menu={{ items }} trigger={['click']} open={open} onOpenChange={onOpenChange}>
      {children}
    </Dropdown>
  );
}
