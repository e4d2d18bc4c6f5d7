import type { SandboxOptions } from '../model/options';
import type { ApproverNode, FormComponent, Instance } from '../model/types';
import type { YidaComponent, YidaPushAction } from '../model/yida-types';

/**
 * Scenario format: plain data (a TS module or a JSON file). Loading it builds the orgs and replays the
 * instances through the same engine the APIs use, so their records and events are real.
 */
export type Scenario = {
  name: string;
  options?: Partial<SandboxOptions>;
  /** Deliver the events the replayed instances produce (queued until a Stream client connects). Default true. */
  deliverEvents?: boolean;
  orgs: ScenarioOrg[];
};

export type ScenarioOrg = {
  corpId: string;
  name: string;
  /** The root department is `{deptId: 1, name: <org name>}` unless listed. */
  departments: { deptId: number; name: string; parentId?: number }[];
  users: ScenarioUser[];
  apps: ScenarioApp[];
  templates: ScenarioTemplate[];
  instances?: ScenarioInstance[];
  yidaApps?: ScenarioYidaApp[];
};

export type ScenarioUser = {
  userId: string;
  name: string;
  deptIds: number[];
  unionId?: string;
  mobile?: string;
  email?: string;
  jobNumber?: string;
  title?: string;
  managerUserId?: string;
  /** Leads every department in `deptIds`. */
  isLeader?: boolean;
  isAdmin?: boolean;
  isBoss?: boolean;
  active?: boolean;
  avatar?: string;
};

export type ScenarioApp = {
  clientId: string;
  clientSecret: string;
  agentId: number;
  name?: string;
  callbackToken: string;
  aesKey: string;
  unifiedAppId?: string;
  subscribedEvents?: string[];
  todoBizTag?: string;
  redirectUris?: string[];
};

export type ScenarioTemplate = {
  processCode: string;
  name: string;
  description?: string;
  formComponents: FormComponent[];
  defaultApprovers?: ApproverNode[];
  defaultCcUserIds?: string[];
  allowRevoke?: boolean;
  iconName?: string;
};

/** A file with real bytes: `text` (UTF-8) or `base64`. */
export type ScenarioFile = { fileName: string; fileType?: string; text?: string; base64?: string };

export type ScenarioAction = {
  userId: string;
  action: 'agree' | 'refuse' | 'redirect' | 'comment' | 'revoke';
  remark?: string;
  toUserId?: string;
  files?: ScenarioFile[];
  /** Minutes after the instance started. */
  afterMinutes: number;
};

export type ScenarioInstance = {
  processCode: string;
  originatorUserId: string;
  title?: string;
  approvers: ApproverNode[];
  ccUserIds?: string[];
  ccPosition?: Instance['ccPosition'];
  /** Form values by component label. */
  form: Record<string, string>;
  /** Files for the template's first DDAttachment component. */
  files?: ScenarioFile[];
  startedMinutesAgo: number;
  actions?: ScenarioAction[];
};

export type ScenarioYidaApp = {
  appType: string;
  systemToken: string;
  corpCode: string;
  name: string;
  forms: {
    formUuid: string;
    name: string;
    processCode: string;
    components: YidaComponent[];
    nodes: { name: string; mode: 'and' | 'or'; userIds: string[] }[];
  }[];
  pushTargets?: Partial<Record<YidaPushAction, string>>;
  instances?: {
    formUuid: string;
    originatorId: string;
    title?: string;
    data: Record<string, unknown>;
    /** Files of image/attachment fields: stored in the app's file storage, the field gets their JSON value. */
    files?: Record<string, ScenarioFile[]>;
    ccUserIds?: string[];
    startedMinutesAgo: number;
    actions?: {
      userId: string;
      action: 'agree' | 'disagree' | 'redirect' | 'terminate';
      remark: string;
      toUserId?: string;
      afterMinutes: number;
    }[];
  }[];
};
