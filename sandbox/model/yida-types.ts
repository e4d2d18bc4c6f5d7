/** Yida (宜搭) side of the model: apps, process forms, instances, tasks and pushes (yida-connect-api.md). */

export type YidaPushAction = 'create' | 'complete' | 'cancel' | 'delete' | 'cc';

export type YidaNode = {
  activityId: string;
  name: string;
  /** `and` = 会签 (everyone), `or` = 或签 (anyone). */
  mode: 'and' | 'or';
  userIds: string[];
};

/** A form component as the form-definition APIs describe it (dingtalk-wave2-apis.md §6.1). */
export type YidaComponent = {
  componentId: string;
  label: string;
  componentName: string;
  labelEn?: string;
  /** Select / radio / checkbox choices: `value` is stored, `text` is what people see. */
  options?: { text: string; value: string }[];
  /** Date fields: `YYYY-MM-DD` (the default) or `YYYY-MM-DD HH:mm`. */
  format?: string;
  /** Columns of a sub-table (TableField). */
  children?: YidaComponent[];
};

/** A file uploaded to a Yida form (image or attachment field), served through temporaryUrls (§6.3). */
export type YidaFile = {
  appType: string;
  /** Yida's stored name (`APP_X_<random>.png`), the `fileName` of its `/ossFileHandle` URL. */
  fileName: string;
  /** The name people gave it. */
  name: string;
  bytes: Buffer;
  contentType: string;
  sha256: string;
};

export type YidaForm = {
  formUuid: string;
  name: string;
  processCode: string;
  processName: string;
  components: YidaComponent[];
  nodes: YidaNode[];
};

export type YidaApp = {
  appType: string;
  systemToken: string;
  corpId: string;
  /** The per-corp secret behind `token = MD5(corpId + userId + code)` of the org-level task lists. */
  corpCode: string;
  name: string;
  forms: Map<string, YidaForm>;
  /** One target URL per push action ("集成中心" sync strategy). */
  pushTargets: Partial<Record<YidaPushAction, string>>;
};

export type YidaTask = {
  taskId: number;
  userId: string;
  activityId: string;
  activityName: string;
  status: 'RUNNING' | 'COMPLETED' | 'CANCELED';
  outResult: '' | 'agree' | 'disagree';
  taskType: 'COMMON_ONE_BY_ONE' | 'COMMON_ALL_AT_ONCE';
  createTime: number;
  activeTime: number;
  finishTime?: number;
  actualActionerId?: string;
  remark?: string;
};

export type YidaRecord = {
  activityId: string;
  showName: string;
  actionExit: string;
  action: string;
  operateType: string;
  operatorUserId: string;
  remark: string;
  operateTime: number;
  activeTime: number;
  taskId?: number;
  /**
   * Files the operator attached to this step in Yida's approval dialog, served as the record's `files`
   * (yida-connect-api.md §2.9 names the field; its item format is UNCONFIRMED: served like an attachment value).
   */
  files?: { downloadUrl: string; name: string; previewUrl?: string; size?: number; url?: string }[];
};

export type YidaInstance = {
  processInstanceId: string;
  appType: string;
  corpId: string;
  formUuid: string;
  processCode: string;
  title: string;
  originatorId: string;
  instanceStatus: 'RUNNING' | 'TERMINATED' | 'COMPLETED' | 'ERROR';
  approvedResult: '' | 'agree' | 'disagree';
  data: Record<string, unknown>;
  createTime: number;
  modifiedTime: number;
  finishTime?: number;
  nodes: YidaNode[];
  currentNodeIndex: number;
  tasks: YidaTask[];
  records: YidaRecord[];
  ccUserIds: string[];
  serialNo: string;
  version: number;
  deleted: boolean;
  /** SaveFormRemark comments; `atUserIds` from its comma-separated `atUserId` (yida-connect-api.md). */
  remarks: { remarkId: number; userId: string; content: string; atUserIds: string[]; at: number }[];
};

export type YidaPushRecord = {
  id: number;
  action: YidaPushAction;
  appType: string;
  url: string;
  encoding: 'json' | 'form' | 'query';
  /** The signed parameters exactly as sent (values are strings; `task` is JSON text). */
  params: Record<string, string>;
  sign: string;
  sentAt: number;
  status?: number;
  responseBody?: string;
  error?: string;
  /** `dropped` = lost by an injected fault, never sent. */
  outcome: 'ok' | 'http-error' | 'network-error' | 'no-target' | 'dropped';
};
