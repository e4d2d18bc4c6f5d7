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
import {
  Avatar,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Flex,
  Layout,
  Menu,
  type MenuProps,
  Tag,
  Typography,
  theme,
} from 'antd';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { Viewer } from '@/lib/auth/viewer';
import { useInboxCounts } from '@/lib/client/queries/use-inbox';
import { useT } from '@/lib/i18n/locale-context';
import { LocaleSwitch } from './LocaleSwitch';
import { MobileTabBar } from './MobileTabBar';
import { NoticePreferencesDialog } from './NoticePreferencesDialog';
import css from './responsive.module.css';

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
  const [isPrefsOpen, setPrefsOpen] = useState(false);
  const tn = useT('notices');
  // A navigation from the drawer closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new path on purpose
  useEffect(() => setMenuOpen(false), [pathname]);
  const withCount = (label: React.ReactNode, n: number | undefined, testId: string) => (
    <Flex justify="space-between" align="center">
      {label}
      {n ? <Badge count={n} overflowCount={99} size="small" data-testid={testId} /> : null}
    </Flex>
  );

  const items: MenuProps['items'] = [
    {
      key: 'inbox',
      label: t('nav.inbox'),
      type: 'group',
      children: [
        {
          key: '/inbox/pending',
          icon: <ClockCircleOutlined />,
          label: withCount(
            <Link href="/inbox/pending">{t('nav.pending')}</Link>,
            counts.data?.pending,
            'menu-pending-count',
          ),
        },
        {
          key: '/inbox/done',
          icon: <CheckCircleOutlined />,
          label: <Link href="/inbox/done">{t('nav.done')}</Link>,
        },
        {
          key: '/inbox/initiated',
          icon: <SendOutlined />,
          label: <Link href="/inbox/initiated">{t('nav.initiated')}</Link>,
        },
        {
          key: '/apply',
          icon: <FormOutlined />,
          label: <Link href="/apply">{t('nav.apply')}</Link>,
        },
        {
          key: '/inbox/cc',
          icon: <CopyOutlined />,
          label: withCount(
            <Link href="/inbox/cc">{t('nav.cc')}</Link>,
            counts.data?.ccUnread,
            'menu-cc-count',
          ),
        },
      ],
    },
    ...(canSeeInsights
      ? [
          {
            key: '/insights',
            icon: <BarChartOutlined />,
            label: <Link href="/insights">{t('insights:nav')}</Link>,
          },
        ]
      : []),
    ...(viewer.isAdmin
      ? [
          {
            key: 'admin',
            label: t('nav.admin'),
            type: 'group' as const,
            children: [
              {
                key: '/admin',
                icon: <DashboardOutlined />,
                label: <Link href="/admin">{t('nav.adminOverview')}</Link>,
              },
              {
                key: '/admin/connectors',
                icon: <ApiOutlined />,
                label: <Link href="/admin/connectors">{t('admin:connectors')}</Link>,
              },
              {
                key: '/admin/processes',
                icon: <PartitionOutlined />,
                label: <Link href="/admin/processes">{t('admin:processes')}</Link>,
              },
              {
                key: '/admin/calendar',
                icon: <CalendarOutlined />,
                label: <Link href="/admin/calendar">{t('sla:calendar')}</Link>,
              },
              {
                key: '/admin/same-approval',
                icon: <MergeCellsOutlined />,
                label: <Link href="/admin/same-approval">{t('sameApproval:rules.nav')}</Link>,
              },
              {
                key: '/admin/health',
                icon: <HeartOutlined />,
                label: <Link href="/admin/health">{t('ops:nav.health')}</Link>,
              },
              {
                key: '/admin/events',
                icon: <ThunderboltOutlined />,
                label: <Link href="/admin/events">{t('ops:nav.events')}</Link>,
              },
              {
                key: '/admin/tasks',
                icon: <UnorderedListOutlined />,
                label: <Link href="/admin/tasks">{t('ops:nav.tasks')}</Link>,
              },
              {
                key: '/admin/audit',
                icon: <AuditOutlined />,
                label: <Link href="/admin/audit">{t('ops:nav.audit')}</Link>,
              },
              {
                key: '/admin/identities',
                icon: <IdcardOutlined />,
                label: <Link href="/admin/identities">{t('identities:nav')}</Link>,
              },
              {
                key: '/admin/subscriptions',
                icon: <NotificationOutlined />,
                label: <Link href="/admin/subscriptions">{t('subscriptions:nav')}</Link>,
              },
              {
                key: '/admin/workflows',
                icon: <ApartmentOutlined />,
                label: <Link href="/admin/workflows">{t('nav.workflows')}</Link>,
              },
              {
                key: '/docs/api',
                icon: <ReadOutlined />,
                label: <Link href="/docs/api">{t('openApi:nav.docs')}</Link>,
              },
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
      onClick: () => setPrefsOpen(true),
    },
    {
      key: 'signout',
      icon: <LogoutOutlined />,
      label: t('user.signOut'),
      // next-auth's client loads on this click only: no page needs it in its first load.
      onClick: () => void import('next-auth/react').then(({ signOut }) => signOut({ callbackUrl: '/login' })),
    },
  ];

  const menu = <Menu mode="inline" items={items} selectedKeys={[selected]} style={{ borderInlineEnd: 0 }} />;
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
              onClick={() => setMenuOpen(true)}
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
            <Dropdown menu={{ items: userMenu }} trigger={['click']}>
              <Flex
                align="center"
                gap={token.marginXS}
                style={{ cursor: 'pointer', minWidth: 0 }}
                data-testid="user-menu"
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
            </Dropdown>
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
      <Drawer
        placement="left"
        size={264}
        open={isMenuOpen}
        onClose={() => setMenuOpen(false)}
        title={viewer.name}
        styles={{ body: { padding: 0 } }}
        data-testid="nav-drawer"
      >
        {menu}
      </Drawer>
      {hasTabBar && <MobileTabBar pathname={pathname} counts={counts.data} />}
      <NoticePreferencesDialog open={isPrefsOpen} onClose={() => setPrefsOpen(false)} />
    </Layout>
  );
}
