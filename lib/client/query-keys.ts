/** Every react-query key comes from here (style rule 18); invalidate by prefix. */
export const queryKeys = {
  health: ['health'] as const,
  connectors: {
    all: ['connectors'] as const,
    detail: (connectorId: string) => ['connectors', connectorId] as const,
    apiAccess: (connectorId: string) => ['connectors', connectorId, 'api-access'] as const,
    dingtalkCallback: (connectorId: string) => ['connectors', connectorId, 'dingtalk-callback'] as const,
  },
  instances: {
    detail: (instanceId: string) => ['instances', instanceId] as const,
    urge: (instanceId: string) => ['instances', instanceId, 'urge'] as const,
    /** Under the detail key: invalidating the instance refreshes these too. */
    moreActions: (instanceId: string, version: string) => ['instances', instanceId, 'more', version] as const,
    resubmitForm: (instanceId: string) => ['instances', instanceId, 'resubmit-form'] as const,
  },
  users: {
    search: (q: string) => ['users', 'search', q] as const,
  },
  tasks: {
    all: ['tasks'] as const,
    list: (view: string, params: Record<string, unknown> = {}) => ['tasks', 'list', view, params] as const,
    /** Prefix of every page of one view. */
    allOf: (view: string) => ['tasks', 'list', view] as const,
    counts: ['tasks', 'counts'] as const,
    facets: ['tasks', 'facets'] as const,
    actions: (ids: string[]) => ['tasks', 'actions', ids] as const,
  },
  savedViews: ['saved-views'] as const,
  // 代理: the viewer's own delegations, every delegation (admin), connectors' policies, choosable processes.
  delegations: {
    all: ['delegations'] as const,
    mine: ['delegations', 'mine'] as const,
    admin: ['delegations', 'admin'] as const,
    policies: ['delegations', 'policies'] as const,
    processes: ['delegations', 'processes'] as const,
  },
  // 分析: one figure per filter set, the drill-down list, the analyst grants.
  insights: {
    all: ['insights'] as const,
    figure: (figure: string, filters: Record<string, unknown>) =>
      ['insights', 'figure', figure, filters] as const,
    requests: (params: Record<string, unknown>) => ['insights', 'requests', params] as const,
    grants: ['insights', 'grants'] as const,
  },
  // DingTalk work notices: the viewer's mute switch, the health page's figures.
  notices: {
    preferences: ['notices', 'preferences'] as const,
    stats: ['notices', 'stats'] as const,
  },
  processes: ['processes'] as const,
  calendar: (year: number) => ['calendar', year] as const,
  sameApprovalRules: {
    all: ['same-approval-rules'] as const,
    choices: ['same-approval-rules', 'choices'] as const,
  },
  identities: {
    all: ['identities'] as const,
    users: (q: string) => ['identities', 'users', q] as const,
    unmapped: ['identities', 'unmapped'] as const,
    handover: ['identities', 'handover'] as const,
    directorySyncs: ['identities', 'directory-syncs'] as const,
  },
  subscriptions: {
    all: ['subscriptions'] as const,
    detail: (subscriptionId: string) => ['subscriptions', subscriptionId] as const,
    deliveries: (subscriptionId: string, params: Record<string, unknown> = {}) =>
      ['subscriptions', subscriptionId, 'deliveries', params] as const,
  },
  // Operations console (sync health, event log, replay/resync, admin tasks, audit log).
  operations: {
    syncHealth: ['ops', 'sync-health'] as const,
    reconciliation: ['ops', 'reconciliation'] as const,
    scrubs: ['ops', 'scrubs'] as const,
    series: (connectorId: string, range: string) => ['ops', 'series', connectorId, range] as const,
    /** Prefix of every event-log page (invalidate after a replay). */
    allEvents: ['ops', 'events'] as const,
    events: (params: Record<string, unknown>) => ['ops', 'events', params] as const,
    /** Prefix of every event's detail. */
    allEventDetails: ['ops', 'event'] as const,
    event: (eventId: string) => ['ops', 'event', eventId] as const,
    allOperations: ['ops', 'operations'] as const,
    list: (kind?: string) => ['ops', 'operations', kind ?? 'all'] as const,
    detail: (operationId: string) => ['ops', 'operation', operationId] as const,
    allTasks: ['ops', 'tasks'] as const,
    tasks: (params: Record<string, unknown>) => ['ops', 'tasks', params] as const,
    audit: (params: Record<string, unknown>) => ['ops', 'audit', params] as const,
  },
  // Local workflows: the designer, 发起申请 and the designer's pickers.
  workflows: {
    all: ['workflows'] as const,
    detail: (definitionId: string) => ['workflows', definitionId] as const,
    approvalCentre: (definitionId: string) => ['workflows', definitionId, 'approval-centre'] as const,
    startable: ['workflows', 'startable'] as const,
    startForm: (definitionId: string) => ['workflows', 'start-form', definitionId] as const,
    dingtalkConnectors: ['workflows', 'dingtalk-connectors'] as const,
    dingtalkTemplates: (connectorId: string) => ['workflows', 'dingtalk-templates', connectorId] as const,
    dingtalkTemplateForm: (connectorId: string, processCode: string) =>
      ['workflows', 'dingtalk-templates', connectorId, processCode] as const,
    connectActions: (connectorId: string) => ['workflows', 'connect-actions', connectorId] as const,
  },
  usersByIds: (ids: string[]) => ['users', 'ids', ids] as const,
};
