'use client';

import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CopyOutlined,
  DashboardOutlined,
  DownOutlined,
  FormOutlined,
  HeartOutlined,
  IdcardOutlined,
  LogoutOutlined,
  MenuOutlined,
  MergeCellsOutlined,
  NotificationOutlined,
  PartitionOutlined,
  ReadOutlined,
  SendOutlined,
  SettingOutlined,
  ThunderboltOutlined,
  UnorderedListOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Flex, Layout, type MenuProps, Tag, Typography, theme } from 'antd';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Viewer } from '@/lib/auth/viewer';
import { useInboxCounts } from '@/lib/client/queries/use-inbox';
import { useT } from '@/lib/i18n/locale-context';
import { LocaleSwitch } from './LocaleSwitch';
import { MobileTabBar } from './MobileTabBar';
import { type NavGroup, NavMenu } from './NavMenu';
import css from './responsive.module.css';

/*
 * What opens on a click loads on that click: the user menu's dropdown, the phone's menu drawer and the notice
 * settings dialog are not part of any page's first load. Each is mounted from its first opening on (and kept,
 * so it can animate closed).
 */
const UserMenuDropdown = lazy(() =>
  import('./UserMenuDropdown').then((m) => ({ default: m.UserMenuDropdown })),
);
const NavDrawer = lazy(() => import('./NavDrawer').then((m) => ({ default: m.NavDrawer })));
const NoticePreferencesDialog = lazy(() =>
  import('./NoticePreferencesDialog').then((m) => ({ default: m.NoticePreferencesDialog })),
);

/** Pages with their own menu entry below /admin or beside the inbox: a page under one selects that entry. */
const MENU_PAGES = [
  '/apply',
  '/insights',
  '/admin/workflows',
  '/admin/connectors',
  '/admin/processes',
  '/admin/calendar',
  '/admin/same-approval',
  '/admin/identities',
  '/admin/subscriptions',
  '/admin/health',
  '/admin/events',
  '/admin/tasks',
  '/admin/audit',
];

/**
 * The signed-in frame: header with the user menu, side menu with 待办中心 and (for admins) 管理. Below 768 px the
 * side menu moves into a drawer behind the header's menu button and the lists get a bottom tab bar; the split is
 * CSS (responsive.module.css), so server and client render the same tree.
 */
export function AppShell({
  viewer,
  canSeeInsights = false,
  children,
}: {
  viewer: Viewer;
  /** 分析: admins, managers of a department and granted analysts (lib/analytics/resolve-insight-scope.ts). */
  canSeeInsights?: boolean;
  children: React.ReactNode;
}) {
  const t = useT('common');
  const { token } = theme.useToken();
  const pathname = usePathname();
  const counts = useInboxCounts();
  const [isMenuOpen, setMenuOpen] = useState(false);
  const [isMenuUsed, setMenuUsed] = useState(false);
  const [isUserMenuOpen, setUserMenuOpen] = useState(false);
  const [isUserMenuUsed, setUserMenuUsed] = useState(false);
  const [isPrefsOpen, setPrefsOpen] = useState(false);
  const [isPrefsUsed, setPrefsUsed] = useState(false);
  const tn = useT('notices');
  // A navigation from the drawer closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new path on purpose
  useEffect(() => setMenuOpen(false), [pathname]);
  const groups: NavGroup[] = [
    {
      key: 'inbox',
      title: t('nav.inbox'),
      items: [
        {
          href: '/inbox/pending',
          icon: <ClockCircleOutlined />,
          label: t('nav.pending'),
          count: { n: counts.data?.pending, testId: 'menu-pending-count' },
        },
        { href: '/inbox/done', icon: <CheckCircleOutlined />, label: t('nav.done') },
        { href: '/inbox/initiated', icon: <SendOutlined />, label: t('nav.initiated') },
        { href: '/apply', icon: <FormOutlined />, label: t('nav.apply') },
        {
          href: '/inbox/cc',
          icon: <CopyOutlined />,
          label: t('nav.cc'),
          count: { n: counts.data?.ccUnread, testId: 'menu-cc-count' },
        },
      ],
    },
    ...(canSeeInsights
      ? [
          {
            key: 'insights',
            items: [{ href: '/insights', icon: <BarChartOutlined />, label: t('insights:nav') }],
          },
        ]
      : []),
    ...(viewer.isAdmin
      ? [
          {
            key: 'admin',
            title: t('nav.admin'),
            items: [
              { href: '/admin', icon: <DashboardOutlined />, label: t('nav.adminOverview') },
              { href: '/admin/connectors', icon: <ApiOutlined />, label: t('admin:connectors') },
              { href: '/admin/processes', icon: <PartitionOutlined />, label: t('admin:processes') },
              { href: '/admin/calendar', icon: <CalendarOutlined />, label: t('sla:calendar') },
              {
                href: '/admin/same-approval',
                icon: <MergeCellsOutlined />,
                label: t('sameApproval:rules.nav'),
              },
              { href: '/admin/health', icon: <HeartOutlined />, label: t('ops:nav.health') },
              { href: '/admin/events', icon: <ThunderboltOutlined />, label: t('ops:nav.events') },
              { href: '/admin/tasks', icon: <UnorderedListOutlined />, label: t('ops:nav.tasks') },
              { href: '/admin/audit', icon: <AuditOutlined />, label: t('ops:nav.audit') },
              { href: '/admin/identities', icon: <IdcardOutlined />, label: t('identities:nav') },
              { href: '/admin/subscriptions', icon: <NotificationOutlined />, label: t('subscriptions:nav') },
              { href: '/admin/workflows', icon: <ApartmentOutlined />, label: t('nav.workflows') },
              { href: '/docs/api', icon: <ReadOutlined />, label: t('openApi:nav.docs') },
            ],
          },
        ]
      : []),
  ];
  const selected =
    MENU_PAGES.find((p) => pathname.startsWith(p)) ?? (pathname.startsWith('/admin') ? '/admin' : pathname);

  const userMenu: MenuProps['items'] = [
    {
      key: 'delegation',
      icon: <UserSwitchOutlined />,
      label: (
        <Link href="/delegation" data-testid="menu-delegation">
          {t('delegation:menu')}
        </Link>
      ),
    },
    {
      key: 'notices',
      icon: <BellOutlined />,
      label: <span data-testid="menu-notice-prefs">{tn('prefs.menu')}</span>,
      onClick: () => {
        setPrefsUsed(true);
        setPrefsOpen(true);
      },
    },
    {
      key: 'signout',
      icon: <LogoutOutlined />,
      label: t('user.signOut'),
      // next-auth's client loads on this click only: no page needs it in its first load.
      onClick: () => void import('next-auth/react').then(({ signOut }) => signOut({ callbackUrl: '/login' })),
    },
  ];

  const menu = <NavMenu groups={groups} selected={selected} />;
  // Until the dropdown has loaded, the trigger's own click loads it, open; from then on the dropdown handles it.
  const userMenuTrigger = (
    <Flex
      align="center"
      gap={token.marginXS}
      style={{ cursor: 'pointer', minWidth: 0 }}
      data-testid="user-menu"
      onClick={
        isUserMenuUsed
          ? undefined
          : () => {
              setUserMenuUsed(true);
              setUserMenuOpen(true);
            }
      }
    >
      <Avatar size="small" icon={<UserOutlined />} />
      <span
        className={css.desktopOnly}
        style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
      >
        {viewer.name}
      </span>
      {viewer.isAdmin && (
        <Tag color="gold" icon={<SettingOutlined />} className={css.desktopOnly}>
          {t('user.admin')}
        </Tag>
      )}
      <DownOutlined style={{ fontSize: token.fontSizeSM }} />
    </Flex>
  );
  // The detail page has its own action bar at the bottom of a phone screen.
  const hasTabBar = !pathname.startsWith('/instances/');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        className={css.header}
        style={{ borderBottom: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Flex justify="space-between" align="center" gap={token.marginXS} style={{ height: '100%' }}>
          <Flex align="center" gap={token.marginXS} style={{ minWidth: 0 }}>
            <Button
              type="text"
              className={css.phoneOnly}
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              data-testid="nav-menu-button"
              onClick={() => {
                setMenuUsed(true);
                setMenuOpen(true);
              }}
            />
            <Link href="/inbox/pending" style={{ minWidth: 0 }}>
              <Typography.Title
                level={4}
                style={{ margin: 0, color: token.colorPrimary, whiteSpace: 'nowrap' }}
              >
                {t('app.name')}
                <Typography.Text
                  type="secondary"
                  className={css.desktopOnly}
                  style={{ marginLeft: token.marginSM, fontSize: token.fontSize }}
                >
                  {t('app.tagline')}
                </Typography.Text>
              </Typography.Title>
            </Link>
          </Flex>
          <Flex align="center" gap={token.marginSM} style={{ minWidth: 0 }}>
            <LocaleSwitch />
            {isUserMenuUsed ? (
              <Suspense fallback={userMenuTrigger}>
                <UserMenuDropdown items={userMenu} open={isUserMenuOpen} onOpenChange={setUserMenuOpen}>
                  {userMenuTrigger}
                </UserMenuDropdown>
              </Suspense>
            ) : (
              userMenuTrigger
            )}
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={208}
          className={css.desktopOnly}
          style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}
        >
          {menu}
        </Layout.Sider>
        <Layout.Content className={`${css.content} ${hasTabBar ? css.underTabBar : ''}`}>
          {children}
        </Layout.Content>
      </Layout>
      {isMenuUsed && (
        <Suspense fallback={null}>
          <NavDrawer title={viewer.name} open={isMenuOpen} onClose={() => setMenuOpen(false)}>
            {menu}
          </NavDrawer>
        </Suspense>
      )}
      {hasTabBar && <MobileTabBar pathname={pathname} counts={counts.data} />}
      {isPrefsUsed && (
        <Suspense fallback={null}>
          <NoticePreferencesDialog open={isPrefsOpen} onClose={() => setPrefsOpen(false)} />
        </Suspense>
      )}
    </Layout>
  );
}
