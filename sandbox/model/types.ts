/** In-memory model of the simulated orgs. Field names follow the DingTalk/Yida APIs where they surface. */

export type Department = { deptId: number; name: string; parentId: number };

export type User = {
  userId: string;
  unionId: string;
  name: string;
  mobile: string;
  email: string;
  jobNumber: string;
  title: string;
  deptIds: number[];
  /** Departments this user leads. */
  leaderOfDeptIds: number[];
  managerUserId: string;
  avatar: string;
  isAdmin: boolean;
  isBoss: boolean;
  active: boolean;
  hiredDate: number;
};

export type App = {
  clientId: string;
  clientSecret: string;
  agentId: number;
  name: string;
  corpId: string;
  /** `eventUnifiedAppId` / `appId` header on Stream frames. */
  unifiedAppId: string;
  /** HTTP-callback signing token and 43-char aes_key (console "事件订阅"). */
  callbackToken: string;
  aesKey: string;
  /** Event types the app subscribed to in the console. */
  subscribedEvents: string[];
  /** Where events go: Stream (default) or the registered HTTP callback. */
  pushMode: 'stream' | 'http';
  callback?: CallbackRegistration;
  /** `bizTag` stamped on todos this app creates. */
  todoBizTag: string;
  /** redirect_uri prefixes accepted by /oauth2/auth; empty = any. */
  redirectUris: string[];
};

export type CallbackRegistration = {
  url: string;
  token: string;
  aesKey: string;
  /** appKey for console subscriptions, corpId for the old register_call_back API (§3.1). */
  ownerKey: string;
  source: 'console' | 'register_call_back';
  eventTypes: string[];
};

export type FormComponent = {
  componentType: string;
  props: {
    componentId: string;
    label: string;
    required?: boolean;
    placeholder?: string;
    options?: { key: string; value: string }[];
    bizAlias?: string;
    unit?: string;
    format?: string;
  } & Record<string, unknown>;
  children?: FormComponent[];
};

export type ApproverNode = {
  actionType: 'AND' | 'OR' | 'NONE';
  userIds: string[];
  /** Node name shown as `activityName` / `showName`. */
  name?: string;
};

export type Template = {
  processCode: string;
  name: string;
  description: string;
  formComponents: FormComponent[];
  /** Default approver chain when a start request has no `approvers`. */
  defaultApprovers: ApproverNode[];
  defaultCcUserIds: string[];
  /** "提交人撤销审批中的审批单" allowed. */
  allowRevoke: boolean;
  iconName: string;
  gmtModified: number;
  disabled: boolean;
};

export type FileRef = {
  spaceId: string;
  fileId: string;
  fileName: string;
  fileSize: string;
  fileType: string;
};

export type StoredFile = {
  fileId: string;
  spaceId: string;
  fileName: string;
  fileType: string;
  bytes: Buffer;
  sha256: string;
  corpId: string;
  /** Where the file is attached: a form component, an approval record, or a comment. */
  usage: 'form' | 'record' | 'comment' | 'loose';
  processInstanceId?: string;
};

export type FormValue = {
  id: string;
  name: string;
  value: string;
  extValue: string;
  componentType: string;
  bizAlias: string;
};

export type TaskStatus = 'NEW' | 'RUNNING' | 'PAUSED' | 'CANCELED' | 'COMPLETED' | 'TERMINATED';

export type Task = {
  taskId: number;
  userId: string;
  status: TaskStatus;
  result: '' | 'AGREE' | 'REFUSE' | 'REDIRECTED';
  createTime: number;
  finishTime?: number;
  activityId: string;
  activityName: string;
  nodeIndex: number;
};

export type OperationType =
  | 'EXECUTE_TASK_NORMAL'
  | 'EXECUTE_TASK_AGENT'
  | 'APPEND_TASK_BEFORE'
  | 'APPEND_TASK_AFTER'
  | 'REDIRECT_TASK'
  | 'START_PROCESS_INSTANCE'
  | 'TERMINATE_PROCESS_INSTANCE'
  | 'FINISH_PROCESS_INSTANCE'
  | 'ADD_REMARK'
  | 'REDIRECT_PROCESS'
  | 'PROCESS_CC';

export type OperationRecord = {
  userId: string;
  date: number;
  type: OperationType;
  result: 'AGREE' | 'REFUSE' | 'NONE';
  remark?: string;
  attachments?: FileRef[];
  images?: string[];
  ccUserIds?: string[];
  activityId?: string;
  showName?: string;
};

export type InstanceNode = ApproverNode & { activityId: string; name: string };

export type Instance = {
  processInstanceId: string;
  corpId: string;
  processCode: string;
  title: string;
  businessId: string;
  originatorUserId: string;
  originatorDeptId: string;
  originatorDeptName: string;
  status: 'RUNNING' | 'TERMINATED' | 'COMPLETED';
  result: '' | 'agree' | 'refuse';
  createTime: number;
  finishTime?: number;
  nodes: InstanceNode[];
  currentNodeIndex: number;
  /** Filled only for instances started through the API (§5.1). */
  approverUserIds: string[];
  ccUserIds: string[];
  ccPosition: 'START' | 'FINISH' | 'START_FINISH';
  bizAction: 'NONE' | 'MODIFY' | 'REVOKE';
  bizData: string;
  formComponentValues: FormValue[];
  operationRecords: OperationRecord[];
  tasks: Task[];
  startedViaApi: boolean;
  deleted: boolean;
};

export type Todo = {
  id: string;
  corpId: string;
  /** The path unionId (owner/creator). */
  ownerUnionId: string;
  subject: string;
  description: string;
  startTime: number;
  dueTime?: number;
  finishTime?: number;
  done: boolean;
  executorIds: string[];
  participantIds: string[];
  executorStatus: Record<string, boolean>;
  detailUrl: { appUrl: string; pcUrl: string };
  source: string;
  sourceId: string;
  createdTime: number;
  modifiedTime: number;
  creatorId: string;
  modifierId: string;
  bizTag: string;
  contentFieldList: { fieldKey: string; fieldValue: string }[];
  isOnlyShowExecutor: boolean;
  priority: number;
  notifyConfigs: Record<string, string>;
  todoType: string;
  deleted: boolean;
  /** Which app created it (bizTag owner). */
  clientId: string;
};

export type WorkNotice = {
  taskId: number;
  corpId: string;
  agentId: number;
  clientId: string;
  userIds: string[];
  deptIds: number[];
  toAllUser: boolean;
  msg: Record<string, unknown>;
  sentAt: number;
  statusBar?: { status_value: string; status_bg: string };
  recalled: boolean;
  /**
   * Recipients DingTalk silently dropped (§11: the call still succeeds): `143106` the same content reached them
   * earlier within a day, `143105` their daily cap (500 for internal apps) was reached. Reported by getsendresult.
   */
  dropped?: Record<string, '143105' | '143106'>;
  /** Recipients who opened it (set through the control API, as a person reading it on the phone would). */
  readBy?: string[];
};

export type Org = {
  corpId: string;
  name: string;
  departments: Map<number, Department>;
  users: Map<string, User>;
  apps: Map<string, App>;
  templates: Map<string, Template>;
  instances: Map<string, Instance>;
  /** Approval drive space id (numeric string). */
  spaceId: string;
  /** yyyy-mm → API calls counted against the monthly quota. */
  monthlyCalls: Map<string, number>;
  /** The org has OA高级版: the premium task APIs (加签 / 退回, wave2 §5.5–§5.6) answer; else `benefit.status.invalid`. */
  oaPremium?: boolean;
};

/** A connect-platform trigger event (yida-connect-api.md §5.3), defined by an integrator for an org. */
export type ConnectTrigger = {
  dingTriggerId: string;
  integratorTriggerId: string;
  corpId: string;
  name: string;
  description: string;
  inputSchema: string;
  dingConnectorId: string | null;
};

/** One item of a `triggers/data/sync` call, as received, with the platform's answer. */
export type ConnectTriggerData = {
  at: number;
  corpId: string;
  clientId: string;
  appId: string;
  triggerId: string;
  customTriggerId: string | null;
  action: string;
  /** The `jsonData` text exactly as sent, and its parsed value (null when it is not JSON). */
  jsonData: string;
  data: unknown;
  dataGmtCreate: number | null;
  dataGmtModified: number | null;
  integrationObject: string | null;
  triggerCondition: string | null;
  success: boolean;
  subErrCode: string | null;
  subErrMsg: string | null;
};
