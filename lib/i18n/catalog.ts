import { adminMessages } from './messages/admin';
import { commentsMessages } from './messages/comments';
import { commonMessages } from './messages/common';
import { connectorsMessages } from './messages/connectors';
import { delegationMessages } from './messages/delegation';
import { errorsMessages } from './messages/errors';
import { identitiesMessages } from './messages/identities';
import { inboxMessages } from './messages/inbox';
import { insightsMessages } from './messages/insights';
import { instanceMessages } from './messages/instance';
import { loginMessages } from './messages/login';
import { moreActionsMessages } from './messages/more-actions';
import { noticesMessages } from './messages/notices';
import { openApiMessages } from './messages/open-api';
import { opsMessages } from './messages/ops';
import { reconcileMessages } from './messages/reconcile';
import { remindersMessages } from './messages/reminders';
import { sameApprovalMessages } from './messages/same-approval';
import { slaMessages } from './messages/sla';
import { sourceMessages } from './messages/source';
import { statusMessages } from './messages/status';
import { streamMessages } from './messages/stream';
import { subscriptionsMessages } from './messages/subscriptions';
import { validationMessages } from './messages/validation';
import { workflowsMessages } from './messages/workflows';
import { yidaMessages } from './messages/yida';

/** Every message namespace; a namespace is one file under `messages/`, usually one area of the UI. */
export const CATALOG = {
  admin: adminMessages,
  comments: commentsMessages,
  common: commonMessages,
  connectors: connectorsMessages,
  delegation: delegationMessages,
  errors: errorsMessages,
  identities: identitiesMessages,
  inbox: inboxMessages,
  insights: insightsMessages,
  instance: instanceMessages,
  login: loginMessages,
  moreActions: moreActionsMessages,
  notices: noticesMessages,
  openApi: openApiMessages,
  ops: opsMessages,
  reconcile: reconcileMessages,
  reminders: remindersMessages,
  sameApproval: sameApprovalMessages,
  sla: slaMessages,
  source: sourceMessages,
  status: statusMessages,
  stream: streamMessages,
  subscriptions: subscriptionsMessages,
  validation: validationMessages,
  workflows: workflowsMessages,
  yida: yidaMessages,
};

export type Namespace = keyof typeof CATALOG;
/** A key of namespace `N` (without the namespace). */
export type MessageKey<N extends Namespace> = keyof (typeof CATALOG)[N]['zh-CN'] & string;
/** A key of any namespace, written `namespace:key` — how one component reaches outside its own namespace. */
export type QualifiedKey = { [N in Namespace]: `${N}:${MessageKey<N>}` }[Namespace];
