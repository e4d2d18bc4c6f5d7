'use client';

import { Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';

/** A page's heading: the title (with optional tags after it), actions on the right, an optional hint below. */
export function PageHeader({
  title,
  tags,
  extra,
  hint,
}: {
  title: ReactNode;
  tags?: ReactNode;
  extra?: ReactNode;
  hint?: ReactNode;
}) {
  const { token } = theme.useToken();
  return (
    <div style={{ marginBottom: token.margin }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" wrap gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {tags}
        </Flex>
        {extra}
      </Flex>
      {hint && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, maxWidth: 720 }}>
          {hint}
        </Typography.Paragraph>
      )}
    </div>
  );
}
