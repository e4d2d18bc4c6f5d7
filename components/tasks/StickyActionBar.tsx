'use client';

import { theme } from 'antd';
import css from '@/components/layout/responsive.module.css';

/**
 * A task's action buttons fixed to the bottom of a phone screen, within thumb's reach whatever the scroll
 * position; hidden from 768 px up, where the page's own actions card shows them. The page reserves the space
 * under its content with `css.underActionBar`.
 */
export function StickyActionBar({ children }: { children: React.ReactNode }) {
  const { token } = theme.useToken();
  return (
    <div
      className={`${css.actionBar} ${css.phoneOnly}`}
      data-testid="sticky-action-bar"
      style={{
        background: token.colorBgContainer,
        borderTop: `1px solid ${token.colorBorderSecondary}`,
        boxShadow: token.boxShadowTertiary,
      }}
    >
      {children}
    </div>
  );
}
