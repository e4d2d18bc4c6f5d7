'use client';

import { Typography } from 'antd';

/**
 * The signing secret, shown once (after create or rotate) with a copy button. Rendered by `modal.success`,
 * whose holder sits outside LocaleProvider: the caller passes the translated texts.
 */
export function SecretContent({ secret, once, hint }: { secret: string; once: string; hint: string }) {
  return (
    <>
      <Typography.Paragraph>{once}</Typography.Paragraph>
      <Typography.Paragraph code copyable data-testid="subscription-secret">
        {secret}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
    </>
  );
}
