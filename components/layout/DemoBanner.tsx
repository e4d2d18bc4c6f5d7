'use client';

import { WarningFilled } from '@ant-design/icons';
import { theme } from 'antd';
import { useT } from '@/lib/i18n/locale-context';

/**
 * Shown on every page while demo mode is on: published passwords and repository secrets are in use. A plain
 * strip rather than an antd Alert, so it never competes with a page's own alerts.
 */
export function DemoBanner() {
  const t = useT('common');
  const { token } = theme.useToken();
  return (
    <div
      role="status"
      data-testid="demo-banner"
      style={{
        background: token.colorWarningBg,
        borderBottom: `1px solid ${token.colorWarningBorder}`,
        color: token.colorText,
        padding: `${token.paddingXXS}px ${token.padding}px`,
        fontSize: token.fontSizeSM,
      }}
    >
      <WarningFilled style={{ color: token.colorWarning, marginInlineEnd: token.marginXS }} />
      {t('demo.banner')}
    </div>
  );
}
