/** Every react-query key comes from here (style rule 27); invalidate by prefix. */
export const queryKeys = {
  health: ['health'] as const,
  connectors: {
    all: ['connectors'] as const,
    detail: (connectorId: string) => ['connectors', connectorId] as const,
    apiAccess: (connectorId: string) => ['connectors', connectorId, 'api-access'] as const,
  },
  instances: {
    detail: (instanceId: string) => ['instances', instanceId] as const,
  },
  users: {
    search: (q: string) => ['users', 'search', q] as const,
  },
  tasks: {
    all: ['tasks'] as const,
    list: (view: string, params: Record<string, unknown> = {}) => ['tasks', 'list', view, params] as const,
    counts: ['tasks', 'counts'] as const,
    facets: ['tasks', 'facets'] as const,
    actions: (ids: string[]) => ['tasks', 'actions', ids] as const,
  },
  savedViews: ['saved-views'] as const,
  processes: ['processes'] as const,
};
