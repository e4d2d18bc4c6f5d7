'use client';

import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CopyOutlined,
  DashboardOutlined,
  DownOutlined,
  FormOutlined,
  HeartOutlined,
  IdcardOutlined,
  LogoutOutlined,
  NotificationOutlined,
  PartitionOutlined,
  ReadOutlined,
  SendOutlined,
  SettingOutlined,
  ThunderboltOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Badge, Dropdown, Flex, Layout, Menu, type MenuProps, Tag, Typography, theme } from 'antd';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import type { Viewer } from '@/lib/auth/viewer';
import { useInboxCounts } from '@/lib/client/queries/use-inbox';
import { useT } from '@/lib/i18n/locale-context';
import { LocaleSwitch } from './LocaleSwitch';

/** Pages with their own menu entry below /admin or beside the inbox: a page under one selects that entry. */
const MENU_PAGES = [
  '/apply',
  '/admin/workflows',
  '/admin/connectors',
  '/admin/processes',
  '/admin/identities',
  '/admin/subscriptions',
  '/admin/health',
  '/admin/events',
  '/admin/tasks',
  '/admin/audit',
];

/** The signed-in frame: header with the user menu, side menu with 待办中心 and (for admins) 管理. */
export function AppShell({ viewer, children }: { viewer: Viewer; children: React.ReactNode }) {
  const t = useT('common');
  const { token } = theme.useToken();
  const pathname = usePathname();
  const counts = useInboxCounts();
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
      key: 'signout',
      icon: <LogoutOutlined />,
      label: t('user.signOut'),
      onClick: () => void signOut({ callbackUrl: '/login' }),
    },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
        <Flex justify="space-between" align="center" style={{ height: '100%' }}>
          <Link href="/inbox/pending">
            <Typography.Title level={4} style={{ margin: 0, color: token.colorPrimary }}>
              {t('app.name')}
              <Typography.Text
                type="secondary"
                style={{ marginLeft: token.marginSM, fontSize: token.fontSize }}
              >
                {t('app.tagline')}
              </Typography.Text>
            </Typography.Title>
          </Link>
          <Flex align="center" gap={token.marginSM}>
            <LocaleSwitch />
            <Dropdown menu={{ items: userMenu }} trigger={['click']}>
              <Flex align="center" gap={token.marginXS} style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                <span>{viewer.name}</span>
                {viewer.isAdmin && (
                  <Tag color="gold" icon={<SettingOutlined />}>
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
          breakpoint="lg"
          collapsedWidth={0}
          style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Menu mode="inline" items={items} selectedKeys={[selected]} style={{ borderInlineEnd: 0 }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: token.paddingLG }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
