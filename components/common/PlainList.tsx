'use client';

import { theme } from 'antd';

/**
 * A short list of rows with a divider between them: what antd's `List` drew before antd 6 deprecated it
 * (its replacement, `Listy`, is a virtual scroller for long lists). `rowKey` names each item for React.
 */
export function PlainList<T>({
  items,
  rowKey,
  renderItem,
  'data-testid': testId,
}: {
  items: T[];
  rowKey(item: T): string;
  renderItem(item: T): React.ReactNode;
  'data-testid'?: string;
}) {
  const { token } = theme.useToken();
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid={testId}>
      {items.map((item, i) => (
        <li
          key={rowKey(item)}
          style={{
            padding: `${token.paddingSM}px 0`,
            borderTop: i === 0 ? undefined : `1px solid ${token.colorSplit}`,
          }}
        >
          {renderItem(item)}
        </li>
      ))}
    </ul>
  );
}
