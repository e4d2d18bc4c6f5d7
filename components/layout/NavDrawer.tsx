'use client';

import { Drawer } from 'antd';

/**
 * The phone's side menu, in a drawer from the left. Its own module, loaded on the first tap of the header's
 * menu button (AppShell): the drawer is not part of any page's first load.
 */
export function NavDrawer({
  title,
  open,
  onClose,
  children,
}: {
  title: React.ReactNode;
  open: boolean;
  onClose(): void;
  children: React.ReactNode;
}) {
  return (
    <Drawer
      placement="left"
      size={264}
      open={open}
      onClose={onClose}
      title={title}
      styles={{ body: { padding: 0 } }}
      data-testid="nav-drawer"
    >
      {children}
    </Drawer>
  );
}
