// The one allowed barrel: drizzle needs the whole schema in one object.
export * from './api-keys';
export * from './attachments';
export * from './audit-log';
export * from './connectors';
export * from './deliveries';
export * from './identities';
export * from './inbound-events';
export * from './process-instances';
export * from './process-logs';
export * from './process-settings';
export * from './saved-views';
export * from './subscriptions';
export * from './task-actions';
export * from './tasks';
export * from './users';
export * from './worker-heartbeats';
export * from './workflows';
