export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
/** Cookie holding the UI language; read on the server so the first paint is already in the right language. */
export const LOCALE_COOKIE = 'huiban-locale';

export function toLocale(value: string | undefined | null): Locale {
  return LOCALES.includes(value as Locale) ? (value as Locale) : DEFAULT_LOCALE;
}

const zhCN = {
  'app.name': '汇办',
  'app.tagline': '统一待办中心',
  'nav.inbox': '待办中心',
  'nav.pending': '待我处理',
  'nav.done': '我已处理',
  'nav.initiated': '我发起的',
  'nav.cc': '抄送我的',
  'nav.admin': '管理',
  'nav.adminOverview': '概览',
  'user.signOut': '退出登录',
  'user.admin': '管理员',
  'user.employee': '员工',
  'user.language': 'English',
  'inbox.empty': '暂无任务',
  'inbox.col.title': '标题',
  'inbox.col.source': '来源',
  'inbox.col.process': '流程',
  'inbox.col.originator': '发起人',
  'inbox.col.status': '状态',
  'inbox.col.received': '接收时间',
  'login.title': '登录汇办',
  'login.login': '账号或邮箱',
  'login.password': '密码',
  'login.submit': '登录',
  'login.dingtalk': '使用钉钉登录',
  'login.or': '或',
  'login.required': '请输入账号和密码',
  'login.failed': '账号或密码错误',
  'login.dingtalkDenied': '该钉钉账号未关联汇办用户，请联系管理员',
  'login.dingtalkFailed': '钉钉登录失败，请重试',
  'forbidden.title': '无权访问',
  'forbidden.subtitle': '此页面仅限管理员访问。',
  'notFound.title': '页面不存在',
  'common.backHome': '返回待办中心',
  'admin.title': '管理概览',
  'admin.users': '用户',
  'admin.connectors': '连接器',
  'admin.health': '系统状态',
  'admin.worker': '后台任务进程',
  'admin.database': '数据库',
  // --- DingTalk Stream connection details (connector page) ---
  'stream.connection': 'Stream 连接',
  'stream.connectedSince': '已连接自',
  'stream.reconnectAttempts': '连续重连次数',
  'stream.nextRetryAt': '下次重连',
  'stream.lastError': '最近连接错误',
  'stream.updatedAt': '状态更新于',
  'stream.noReport': 'Worker 尚未报告连接状态',
} as const;

export type MessageKey = keyof typeof zhCN;

const enUS: Record<MessageKey, string> = {
  'app.name': 'Huiban',
  'app.tagline': 'Unified task center',
  'nav.inbox': 'Task center',
  'nav.pending': 'To do',
  'nav.done': 'Done',
  'nav.initiated': 'Started by me',
  'nav.cc': 'CC to me',
  'nav.admin': 'Admin',
  'nav.adminOverview': 'Overview',
  'user.signOut': 'Sign out',
  'user.admin': 'Admin',
  'user.employee': 'Employee',
  'user.language': '中文',
  'inbox.empty': 'No tasks',
  'inbox.col.title': 'Title',
  'inbox.col.source': 'Source',
  'inbox.col.process': 'Process',
  'inbox.col.originator': 'Originator',
  'inbox.col.status': 'Status',
  'inbox.col.received': 'Received',
  'login.title': 'Sign in to Huiban',
  'login.login': 'Username or email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.dingtalk': 'Sign in with DingTalk',
  'login.or': 'or',
  'login.required': 'Enter your username and password',
  'login.failed': 'Wrong username or password',
  'login.dingtalkDenied': 'This DingTalk account is not linked to a Huiban user; ask your admin',
  'login.dingtalkFailed': 'DingTalk sign-in failed, please try again',
  'forbidden.title': 'Access denied',
  'forbidden.subtitle': 'This page is for admins only.',
  'notFound.title': 'Page not found',
  'common.backHome': 'Back to the task center',
  'admin.title': 'Admin overview',
  'admin.users': 'Users',
  'admin.connectors': 'Connectors',
  'admin.health': 'System status',
  'admin.worker': 'Worker',
  'admin.database': 'Database',
  // --- DingTalk Stream connection details (connector page) ---
  'stream.connection': 'Stream connection',
  'stream.connectedSince': 'Connected since',
  'stream.reconnectAttempts': 'Reconnect attempts in a row',
  'stream.nextRetryAt': 'Next reconnect',
  'stream.lastError': 'Last connection error',
  'stream.updatedAt': 'State updated',
  'stream.noReport': 'The worker has not reported a connection state yet',
};

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

/** The translator for a locale. UI strings are Chinese first; English is the switchable second language. */
export function translator(locale: Locale): (key: MessageKey) => string {
  const messages = MESSAGES[locale];
  return (key) => messages[key];
}
