'use client';

import { theme } from 'antd';

/**
 * A white, rounded, bordered box with padding: what antd's `Card` draws for a page section, without its
 * header/tabs machinery (Card imports rc-tabs for its tab bar whether a page uses it or not, 13 KB gzip on the
 * inbox's first load). `size="small"` uses the small card's padding.
 */
export function Panel({
  size,
  children,
  style,
}: {
  size?: 'small';
  children: React.ReactNode;
  style?: React.CSSProperties;
}) {
  const { token } = theme.useToken();
  return (
    <div
      style={{
        background: token.colorBgContainer,
        border: `${token.lineWidth}px ${token.lineType} ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: size === 'small' ? token.paddingSM : token.paddingLG,
        ...style,
      }}
    >
      {children}
    </div>
  );
}
