'use client';

import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRouter } from 'next/navigation';
import { useLocale, useT } from '@/lib/i18n/locale-context';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';

/** Switches zh-CN ↔ en-US; the choice lives in a cookie so the server renders the right language. */
export function LocaleSwitch() {
  const t = useT('common');
  const locale = useLocale();
  const router = useRouter();
  function toggle() {
    const next = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
    // biome-ignore lint/suspicious/noDocumentCookie: a plain, non-sensitive preference cookie
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }
  return (
    <Button type="text" size="small" icon={<TranslationOutlined />} onClick={toggle}>
      {t('user.language')}
    </Button>
  );
}
