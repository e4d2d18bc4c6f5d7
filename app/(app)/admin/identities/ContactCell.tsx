'use client';

import { Space, Typography } from 'antd';

/** A person's mobile, email and job number, one per line (— when none is known). */
export function ContactCell({
  contact,
}: {
  contact: { mobile: string | null; email: string | null; jobNumber: string | null };
}) {
  const parts = [contact.mobile, contact.email, contact.jobNumber].filter(Boolean);
  if (parts.length === 0) return '—';
  return (
    <Space orientation="vertical" size={0}>
      {parts.map((p) => (
        <Typography.Text key={p} type="secondary">
          {p}
        </Typography.Text>
      ))}
    </Space>
  );
}
