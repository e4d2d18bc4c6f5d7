'use client';

import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CopyOutlined,
  PlusCircleFilled,
  SendOutlined,
} from '@ant-design/icons';
import { Badge, theme } from 'antd';
import Link from 'next/link';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import css from './responsive.module.css';

type Tab = {
  href: string;
  label: MessageKey<'common'>;
  icon: React.ReactNode;
  count?: 'pending' | 'ccUnread';
};

const TABS: Tab[] = [
  { href: '/inbox/pending', label: 'nav.pending', icon: <ClockCircleOutlined />, count: 'pending' },
  { href: '/inbox/done', label: 'nav.done', icon: <CheckCircleOutlined /> },
  { href: '/apply', label: 'nav.apply', icon: <PlusCircleFilled /> },
  { href: '/inbox/initiated', label: 'nav.initiated', icon: <SendOutlined /> },
  { href: '/inbox/cc', label: 'nav.cc', icon: <CopyOutlined />, count: 'ccUnread' },
];

/**
 * The phone's bottom tab bar: 待我处理 / 我已处理 / 发起申请 / 我发起的 / 抄送我的, with the unread badges. Always
 * rendered and hidden from 768 px up by CSS, so the server's first paint is already the phone layout.
 */
export function MobileTabBar({
  pathname,
  counts,
}: {
  pathname: string;
  counts?: { pending: number; ccUnread: number };
}) {
  const t = useT('common');
  const { token } = theme.useToken();
  return (
    <nav
      className={`${css.tabBar} ${css.phoneOnly}`}
      aria-label={t('nav.tabs')}
      data-testid="mobile-tab-bar"
      style={{
        background: token.colorBgContainer,
        borderTop: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      {TABS.map((tab) => {
        const isActive = pathname.startsWith(tab.href);
        const n = tab.count ? counts?.[tab.count] : undefined;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            className={css.tab}
            aria-current={isActive ? 'page' : undefined}
            style={{ color: isActive ? token.colorPrimary : token.colorTextSecondary }}
          >
            <Badge count={n} overflowCount={99} size="small" offset={[4, 0]}>
              <span
                className={css.tabIcon}
                style={{
                  color: isActive || tab.href === '/apply' ? token.colorPrimary : token.colorTextSecondary,
                }}
              >
                {tab.icon}
              </span>
            </Badge>
            <span>{t(tab.label)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
