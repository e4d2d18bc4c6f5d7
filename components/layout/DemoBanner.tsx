'use client';

import { Alert } from 'antd';
import { useLocale } from '@/components/providers/LocaleProvider';

/** Shown on every page while demo mode is on: published passwords and repository secrets are in use. */
export function DemoBanner() {
  const { t } = useLocale();
  return (
    <Alert type="warning" banner showIcon title={t('demo.banner')} role="status" data-testid="demo-banner" />
  );
}
