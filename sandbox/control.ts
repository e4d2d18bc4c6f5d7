import { z } from 'zod';
import type { SandboxCore } from './core';
import type { CallbackDelivery } from './dingtalk/callback-sender';
import type { ConnectInvocation } from './dingtalk/connect-platform';
import { defineConnectTrigger, listConnectTriggerData } from './dingtalk/connect-triggers';
import type { DeliveryFaults, OrgEvent } from './dingtalk/events';
import type { CallFault } from './dingtalk/limits';
import { issueAuthCode } from './dingtalk/login';
import type { StreamAck, StreamConnectionInfo, StreamDelivery } from './dingtalk/stream-gateway';
import { serializeTodo } from './dingtalk/todo';
import { serializeUserDetail } from './dingtalk/users';
import { serializeInstance } from './dingtalk/workflow';
import { ControlError, NewApiError } from './http/errors';
import type { RouteDef } from './http/router';
import { fileRef, storeFile } from './model/files';
import type { SandboxOptions } from './model/options';
import type {
  App,
  ConnectTrigger,
  ConnectTriggerData,
  Instance,
  Org,
  StoredFile,
  WorkNotice,
} from './model/types';
import type { YidaInstance, YidaPushAction, YidaPushRecord } from './model/yida-types';
import { buildApp, buildUser, fileBytes } from './scenarios/load';
import type { Scenario, ScenarioApp, ScenarioFile, ScenarioTemplate, ScenarioUser } from './scenarios/types';
import { storeYidaFile } from './yida/forms-and-files';
import type { YidaPushFaults } from './yida/push-sender';

const fileSchema = z.object({
  fileName: z.string().min(1),
  fileType: z.string().optional(),
  text: z.string().optional(),
  base64: z.string().optional(),
});

const approverSchema = z.object({
  actionType: z.enum(['AND', 'OR', 'NONE']).default('NONE'),
  userIds: z.array(z.string()).min(1),
  name: z.string().optional(),
});

export const startInstanceInputSchema = z.object({
  corpId: z.string().optional(),
  processCode: z.string(),
  originatorUserId: z.string(),
  approvers: z.array(approverSchema).optional(),
  ccUserIds: z.array(z.string()).optional(),
  ccPosition: z.enum(['START', 'FINISH', 'START_FINISH']).optional(),
  /** Form values by component label. */
  form: z.record(z.string(), z.string()).default({}),
  /** Files for the template's first DDAttachment component (real bytes). */
  files: z.array(fileSchema).default([]),
  title: z.string().optional(),
  /** Mark as started through the API (fills `approverUserIds`). Default false: started "in DingTalk". */
  viaApi: z.boolean().default(false),
});
export type StartInstanceInput = z.input<typeof startInstanceInputSchema>;

export const actInputSchema = z.object({
  userId: z.string(),
  action: z.enum(['agree', 'refuse', 'redirect', 'comment', 'revoke']),
  remark: z.string().optional(),
  toUserId: z.string().optional(),
  /** Act on this task; default: the user's running task in the instance. */
  taskId: z.number().optional(),
  files: z.array(fileSchema).default([]),
});
export type ActInput = z.input<typeof actInputSchema>;

export const registerCallbackInputSchema = z.object({
  clientId: z.string(),
  url: z.string().url(),
  /** Default: the app's callbackToken / aesKey; owner key = the appKey (console subscription, §3.1). */
  token: z.string().optional(),
  aesKey: z.string().length(43).optional(),
  ownerKey: z.string().optional(),
  eventTypes: z.array(z.string()).default([]),
});
export type RegisterCallbackInput = z.input<typeof registerCallbackInputSchema>;

export const yidaStartInputSchema = z.object({
  appType: z.string(),
  formUuid: z.string().optional(),
  originatorId: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
  title: z.string().optional(),
  ccUserIds: z.array(z.string()).optional(),
});
export type YidaStartInput = z.input<typeof yidaStartInputSchema>;

export const yidaActInputSchema = z.object({
  userId: z.string(),
  action: z.enum(['agree', 'disagree', 'redirect', 'terminate', 'delete']),
  remark: z.string().default(''),
  toUserId: z.string().optional(),
  taskId: z.number().optional(),
  /**
   * agree/disagree only: files the approver attaches in Yida's approval dialog (values from uploadYidaFile). The
   * OpenAPI's tasks/execute takes none; this simulates a user acting in Yida.
   */
  files: z
    .array(
      z.object({
        downloadUrl: z.string(),
        name: z.string(),
        previewUrl: z.string().optional(),
        size: z.number().optional(),
        url: z.string().optional(),
      }),
    )
    .default([]),
});
export type YidaActInput = z.input<typeof yidaActInputSchema>;

const directoryUserSchema = z.object({
  userId: z.string().min(1),
  name: z.string().min(1),
  deptIds: z.array(z.number().int()).default([1]),
  unionId: z.string().optional(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  jobNumber: z.string().optional(),
  title: z.string().optional(),
  managerUserId: z.string().optional(),
});

const directoryUserPatchSchema = z.object({
  name: z.string().min(1).optional(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  jobNumber: z.string().optional(),
  title: z.string().optional(),
  managerUserId: z.string().optional(),
  deptIds: z.array(z.number().int()).optional(),
});
export type DirectoryUserPatch = z.input<typeof directoryUserPatchSchema>;

export type FileInfo = Omit<StoredFile, 'bytes'> & { size: number };

export type ApiCallReport = {
  /** corpId → month (yyyy-mm, UTC+8) → calls counted against the monthly quota. */
  monthly: Record<string, Record<string, number>>;
  /** `clientId METHOD /path` → successful calls. */
  byApi: Record<string, number>;
  /** instance id → calls that named it. */
  byInstance: Record<string, number>;
  total: number;
  /** `clientId METHOD /path` → calls refused with the QPS throttling error (over the configured qpsLimit). */
  throttledByApi: Record<string, number>;
  /** clientId → app access tokens requested. */
  tokenRequests: Record<string, number>;
};

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ControlError(
      400,
      'invalid_input',
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

/**
 * The in-process handle to every control operation; `/__control/...` routes call the same methods.
 * Reads return plain data (copies), never live model objects.
 */
export class SandboxControl {
  constructor(
    private readonly getCore: () => SandboxCore,
    private readonly resetCore: (
      scenario?: 'demo' | Scenario | null,
      options?: Partial<SandboxOptions>,
    ) => void,
  ) {}

  private get core(): SandboxCore {
    return this.getCore();
  }

  /** Drops all state and loads a scenario (`null` = empty). */
  reset(scenario: 'demo' | Scenario | null = null, options: Partial<SandboxOptions> = {}): void {
    this.resetCore(scenario, options);
  }

  options(): SandboxOptions {
    return { ...this.core.state.options };
  }

  setOptions(patch: Partial<SandboxOptions>): SandboxOptions {
    Object.assign(this.core.state.options, patch);
    return this.options();
  }

  /** Moves the sandbox clock (tokens, codes, URLs, the 15 s revoke rule); timers keep real time. */
  advanceClock(ms: number): number {
    return this.core.state.clock.advance(ms);
  }

  now(): number {
    return this.core.state.now();
  }

  // ---- org set-up -------------------------------------------------------------------------------

  createOrg(input: {
    corpId: string;
    name: string;
    departments?: { deptId: number; name: string; parentId?: number }[];
    oaPremium?: boolean;
  }): void {
    const { state } = this.core;
    if (state.orgs.has(input.corpId)) throw new ControlError(409, 'conflict', `org ${input.corpId} exists`);
    const org: Org = {
      corpId: input.corpId,
      name: input.name,
      departments: new Map([[1, { deptId: 1, name: input.name, parentId: 0 }]]),
      users: new Map(),
      apps: new Map(),
      templates: new Map(),
      instances: new Map(),
      spaceId: String(163_000_000 + state.orgs.size * 1000 + 658),
      monthlyCalls: new Map(),
      oaPremium: input.oaPremium === true,
    };
    for (const d of input.departments ?? [])
      org.departments.set(d.deptId, { deptId: d.deptId, name: d.name, parentId: d.parentId ?? 1 });
    state.orgs.set(org.corpId, org);
  }

  /** Turns the org's OA高级版 on or off (the premium 加签 / 退回 APIs). */
  setOrgEdition(corpId: string, input: { oaPremium?: boolean }): { oaPremium: boolean } {
    const org = this.core.state.org(corpId);
    if (input.oaPremium !== undefined) org.oaPremium = input.oaPremium === true;
    return { oaPremium: org.oaPremium === true };
  }

  addUsers(corpId: string, users: ScenarioUser[]): void {
    const org = this.core.state.org(corpId);
    for (const u of users) org.users.set(u.userId, buildUser(u, org.users.size + 1));
  }

  // ---- directory changes (contact events, §7.3) ---------------------------------------------------

  /** An employee joins the org (通讯录 "添加成员"): fires `user_add_org` through Stream or the HTTP callback. */
  addDirectoryUser(corpId: string | undefined, user: ScenarioUser): Record<string, unknown> {
    const input = parse(directoryUserSchema, user);
    const org = this.core.state.orgOrDefault(corpId);
    if (org.users.has(input.userId)) throw new ControlError(409, 'conflict', `user ${input.userId} exists`);
    const built = buildUser(input, org.users.size + 1);
    org.users.set(built.userId, built);
    this.core.hub.emit(org.corpId, 'user_add_org', {
      timeStamp: String(this.core.state.now()),
      userId: [built.userId],
    });
    return serializeUserDetail(org, built);
  }

  /** An admin edits an employee (name, mobile, email, job number, manager, departments): `user_modify_org`. */
  modifyDirectoryUser(
    corpId: string | undefined,
    userId: string,
    raw: DirectoryUserPatch,
  ): Record<string, unknown> {
    const patch = parse(directoryUserPatchSchema, raw);
    const org = this.core.state.orgOrDefault(corpId);
    const u = org.users.get(userId);
    if (!u) throw new ControlError(404, 'not_found', `no user ${userId}`);
    const prev: Record<string, unknown> = {};
    const curr: Record<string, unknown> = {};
    // diffInfo keys as DingTalk names them (managerUserid, jobNumber …).
    const fields = {
      name: 'name',
      mobile: 'mobile',
      email: 'email',
      jobNumber: 'jobNumber',
      title: 'title',
      managerUserId: 'managerUserid',
      deptIds: 'deptIdList',
    } as const;
    for (const [key, diffKey] of Object.entries(fields) as [keyof typeof fields, string][]) {
      const next = patch[key];
      if (next === undefined) continue;
      prev[diffKey] = u[key];
      curr[diffKey] = next;
      (u as Record<string, unknown>)[key] = next;
    }
    this.core.hub.emit(org.corpId, 'user_modify_org', {
      timeStamp: String(this.core.state.now()),
      userId: [userId],
      diffInfo: { userid: userId, prev, curr },
    });
    return serializeUserDetail(org, u);
  }

  /** An employee leaves (离职): removed from the directory (user/get answers 60121), `user_leave_org` fires. */
  removeDirectoryUser(corpId: string | undefined, userId: string): void {
    const org = this.core.state.orgOrDefault(corpId);
    if (!org.users.delete(userId)) throw new ControlError(404, 'not_found', `no user ${userId}`);
    this.core.hub.emit(org.corpId, 'user_leave_org', {
      timeStamp: String(this.core.state.now()),
      userId: [userId],
    });
  }

  addApp(corpId: string, app: ScenarioApp): void {
    const { state } = this.core;
    const org = state.org(corpId);
    if (state.apps.has(app.clientId)) throw new ControlError(409, 'conflict', `app ${app.clientId} exists`);
    const built = buildApp(app, corpId, state.ids.stableUuid());
    org.apps.set(built.clientId, built);
    state.apps.set(built.clientId, built);
  }

  addTemplate(corpId: string, t: ScenarioTemplate): void {
    const org = this.core.state.org(corpId);
    org.templates.set(t.processCode, {
      processCode: t.processCode,
      name: t.name,
      description: t.description ?? '',
      formComponents: t.formComponents,
      defaultApprovers: t.defaultApprovers ?? [],
      defaultCcUserIds: t.defaultCcUserIds ?? [],
      allowRevoke: t.allowRevoke ?? true,
      iconName: t.iconName ?? 'common',
      gmtModified: this.core.state.now(),
      disabled: false,
    });
  }

  /** Stores a loose file in the org's approval drive (e.g. to attach through the execute API). */
  addFile(corpId: string | undefined, file: ScenarioFile): FileInfo {
    const org = this.core.state.orgOrDefault(corpId);
    return fileInfo(
      storeFile(this.core.state, org.corpId, {
        fileName: file.fileName,
        fileType: file.fileType,
        bytes: fileBytes(file),
        usage: 'loose',
      }),
    );
  }

  // ---- approvals --------------------------------------------------------------------------------

  /** Starts an instance "inside DingTalk" with an approver chain (sequential, 会签 AND, 或签 OR), cc and files. */
  startInstance(raw: StartInstanceInput): Record<string, unknown> {
    const input = parse(startInstanceInputSchema, raw);
    const { state, engine } = this.core;
    const org = state.orgOrDefault(input.corpId);
    const template = org.templates.get(input.processCode);
    const values = Object.entries(input.form).map(([name, value]) => ({ name, value }));
    const files = input.files.map((f) =>
      storeFile(state, org.corpId, {
        fileName: f.fileName,
        fileType: f.fileType,
        bytes: fileBytes(f),
        usage: 'form',
      }),
    );
    if (files.length > 0) {
      const label = template?.formComponents.find((c) => c.componentType === 'DDAttachment')?.props.label;
      if (!label) throw new ControlError(400, 'invalid_input', '模板没有附件控件 (DDAttachment)');
      values.push({ name: label, value: JSON.stringify(files.map(fileRef)) });
    }
    const inst = engine.start({
      corpId: org.corpId,
      processCode: input.processCode,
      originatorUserId: input.originatorUserId,
      approvers: input.approvers,
      ccUserIds: input.ccUserIds,
      ccPosition: input.ccPosition,
      formComponentValues: values,
      title: input.title,
      viaApi: input.viaApi,
      at: state.now(),
    });
    for (const f of files) f.processInstanceId = inst.processInstanceId;
    return this.getInstance(inst.processInstanceId);
  }

  /** Acts as a DingTalk user from inside DingTalk: agree / refuse / redirect / comment / revoke. */
  act(processInstanceId: string, raw: ActInput): Record<string, unknown> {
    const input = parse(actInputSchema, raw);
    const { state, engine } = this.core;
    const inst = this.instance(processInstanceId);
    const at = state.now();
    const attachments = input.files.map((f) =>
      fileRef(
        storeFile(state, inst.corpId, {
          fileName: f.fileName,
          fileType: f.fileType,
          bytes: fileBytes(f),
          usage: input.action === 'comment' ? 'comment' : 'record',
          processInstanceId,
        }),
      ),
    );
    const file = attachments.length > 0 ? { attachments, photos: [] } : undefined;
    if (input.action === 'comment') {
      engine.comment(inst, { userId: input.userId, text: input.remark ?? '', file, at });
    } else if (input.action === 'revoke') {
      // Inside DingTalk the originator may revoke at once; the API's 15 s rule does not apply here.
      if (input.userId !== inst.originatorUserId)
        throw new ControlError(400, 'invalid_input', '只有发起人可以撤销');
      engine.terminate(inst, { operatingUserId: input.userId, isSystem: false, remark: input.remark, at });
    } else {
      const task =
        input.taskId !== undefined
          ? inst.tasks.find((t) => t.taskId === input.taskId)
          : inst.tasks.find((t) => t.userId === input.userId && t.status === 'RUNNING');
      if (!task) throw new ControlError(409, 'no_running_task', `${input.userId} 在该审批中没有待处理任务`);
      if (input.action === 'redirect') {
        if (!input.toUserId)
          throw new ControlError(400, 'invalid_input', 'toUserId is required for redirect');
        engine.redirect(inst, {
          taskId: task.taskId,
          operateUserId: input.userId,
          toUserId: input.toUserId,
          remark: input.remark,
          at,
        });
      } else {
        engine.execute(inst, {
          taskId: task.taskId,
          actionerUserId: input.userId,
          result: input.action,
          remark: input.remark,
          file,
          at,
        });
      }
    }
    return this.getInstance(processInstanceId);
  }

  /** The instance as `GET /v1.0/workflow/processInstances` returns it, plus ids the API does not show. */
  getInstance(processInstanceId: string): Record<string, unknown> {
    const inst = this.instance(processInstanceId);
    return {
      processInstanceId: inst.processInstanceId,
      corpId: inst.corpId,
      processCode: inst.processCode,
      ...serializeInstance(this.core.state, inst),
      createTimeMs: inst.createTime,
      finishTimeMs: inst.finishTime ?? null,
    };
  }

  listInstances(
    filter: { corpId?: string; processCode?: string; status?: string } = {},
  ): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const org of this.core.state.orgs.values()) {
      if (filter.corpId && org.corpId !== filter.corpId) continue;
      for (const inst of org.instances.values()) {
        if (inst.deleted || (filter.processCode && inst.processCode !== filter.processCode)) continue;
        if (filter.status && inst.status !== filter.status) continue;
        out.push(this.getInstance(inst.processInstanceId));
      }
    }
    return out;
  }

  deleteInstance(processInstanceId: string): void {
    this.core.engine.delete(this.instance(processInstanceId), this.core.state.now());
  }

  private instance(id: string): Instance {
    const inst = this.core.state.instance(id);
    if (!inst || inst.deleted) throw new ControlError(404, 'not_found', `no instance ${id}`);
    return inst;
  }

  // ---- files ------------------------------------------------------------------------------------

  file(fileId: string): FileInfo {
    const f = this.core.state.files.get(fileId);
    if (!f) throw new ControlError(404, 'not_found', `no file ${fileId}`);
    return fileInfo(f);
  }

  fileBytes(fileId: string): Buffer {
    const f = this.core.state.files.get(fileId);
    if (!f) throw new ControlError(404, 'not_found', `no file ${fileId}`);
    return Buffer.from(f.bytes);
  }

  listFiles(processInstanceId?: string): FileInfo[] {
    return [...this.core.state.files.values()]
      .filter((f) => !processInstanceId || f.processInstanceId === processInstanceId)
      .map(fileInfo);
  }

  /** A presigned download URL, as the §6.1 grant would answer. */
  downloadUrl(fileId: string): string {
    this.file(fileId);
    return this.core.attachments.presignedUrl(this.core.baseUrl, fileId);
  }

  // ---- login ------------------------------------------------------------------------------------

  /** A 免登 code as `dd.requestAuthCode` would give (for `topapi/v2/user/getuserinfo`). */
  issueJsapiAuthCode(input: { userId: string; corpId?: string; clientId?: string }): string {
    const org = this.core.state.orgOrDefault(input.corpId);
    if (!org.users.has(input.userId)) throw new ControlError(404, 'not_found', `no user ${input.userId}`);
    const clientId = input.clientId ?? org.apps.keys().next().value ?? '';
    return issueAuthCode(this.core.state, {
      kind: 'jsapi',
      clientId,
      corpId: org.corpId,
      userId: input.userId,
    }).code;
  }

  // ---- HTTP callback ----------------------------------------------------------------------------

  /** Registers an HTTP callback URL (console "保存"): sends `check_url` first; switches the app to HTTP push. */
  async registerCallback(raw: RegisterCallbackInput): Promise<{ ok: boolean; error?: string }> {
    const input = parse(registerCallbackInputSchema, raw);
    const app = this.app(input.clientId);
    return this.core.callbacks.register(app, {
      url: input.url,
      token: input.token ?? app.callbackToken,
      aesKey: input.aesKey ?? app.aesKey,
      ownerKey: input.ownerKey ?? app.clientId,
      source: 'console',
      eventTypes: input.eventTypes,
    });
  }

  /** Back to Stream mode. */
  unregisterCallback(clientId: string): void {
    this.core.callbacks.unregister(this.app(clientId));
  }

  callbackDeliveries(): CallbackDelivery[] {
    return this.core.callbacks.deliveries.map((d) => ({ ...d }));
  }

  private app(clientId: string): App {
    const app = this.core.state.apps.get(clientId);
    if (!app) throw new ControlError(404, 'not_found', `no app ${clientId}`);
    return app;
  }

  // ---- events, Stream, faults -------------------------------------------------------------------

  events(filter: { eventType?: string; processInstanceId?: string } = {}): OrgEvent[] {
    return this.core.hub.log
      .filter((e) => !filter.eventType || e.eventType === filter.eventType)
      .filter((e) => !filter.processInstanceId || e.data.processInstanceId === filter.processInstanceId)
      .map((e) => ({ ...e, data: { ...e.data } }));
  }

  streamAcks(): StreamAck[] {
    return this.core.stream.acks.map((a) => ({ ...a }));
  }

  streamDeliveries(): StreamDelivery[] {
    return this.core.stream.deliveries.map((d) => ({ ...d }));
  }

  streamConnections(): StreamConnectionInfo[] {
    return this.core.stream.connectionInfos();
  }

  /** Events whose Stream redeliveries ran out. */
  streamGaveUp(): { eventId: string; clientId: string; attempts: number }[] {
    return this.core.stream.gaveUp.map((g) => ({ ...g }));
  }

  /** Cuts Stream connections: `disconnect` (SYSTEM frame, close after grace), `close`, or `terminate`. */
  disconnectStream(
    input: {
      clientId?: string;
      mode?: 'disconnect' | 'close' | 'terminate';
      reason?: string;
      graceMs?: number;
    } = {},
  ): number {
    return this.core.stream.cut(input);
  }

  /** Sends an existing event again with the same eventId (a duplicate after a correct ack). */
  redeliverEvent(eventId: string): void {
    if (!this.core.hub.republish(eventId)) throw new ControlError(404, 'not_found', `no event ${eventId}`);
  }

  /** Delivery faults: duplicate the next N events, reverse the next N, drop N %, delay every delivery. */
  setDeliveryFaults(patch: Partial<DeliveryFaults>): DeliveryFaults {
    Object.assign(this.core.hub.faults, patch);
    return { ...this.core.hub.faults };
  }

  /** API faults: the next `count` matching calls answer 5xx / 503 / throttling / quota exceeded. */
  failNextCalls(fault: CallFault): void {
    this.core.limiter.faults.push({ ...fault });
  }

  setYidaPushFaults(patch: Partial<YidaPushFaults>): YidaPushFaults {
    Object.assign(this.core.yidaPushes.faults, patch);
    return { ...this.core.yidaPushes.faults };
  }

  clearFaults(): void {
    this.core.hub.clearFaults();
    this.core.limiter.faults = [];
    this.core.yidaPushes.faults = { dropPercent: 0, duplicateNext: 0 };
  }

  droppedDeliveries(): { eventId: string; eventType: string; clientId: string; at: number }[] {
    return this.core.hub.dropped.map((d) => ({ ...d }));
  }

  /**
   * Resolves when no Stream delivery, callback or Yida push is in flight or waiting for a retry.
   * Stream events held because no client is connected do not count (`summary().streamWaitingForConnection`).
   */
  async waitForIdle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { stream, callbacks, yidaPushes } = this.core;
      if (stream.pendingCount() + callbacks.pendingCount() + yidaPushes.pendingCount() === 0) return;
      if (Date.now() > deadline) throw new ControlError(504, 'timeout', 'sandbox deliveries still pending');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // ---- connect platform (连接平台) ----------------------------------------------------------------

  /** Every InvokeInstance call that ran an action. */
  connectInvocations(): ConnectInvocation[] {
    return [...this.core.connect.invocations];
  }

  /** The next `n` InvokeInstance calls answer HTTP 500 (retry tests). */
  failConnectInvokes(n: number): void {
    this.core.connect.failNextInvokes = n;
  }

  // ---- todos, notices, counters -----------------------------------------------------------------

  todos(filter: { unionId?: string; includeDeleted?: boolean } = {}): Record<string, unknown>[] {
    return [...this.core.state.todos.values()]
      .filter((t) => filter.includeDeleted || !t.deleted)
      .filter(
        (t) => !filter.unionId || t.ownerUnionId === filter.unionId || t.executorIds.includes(filter.unionId),
      )
      .map((t) => ({
        ...serializeTodo(t),
        deleted: t.deleted,
        ownerUnionId: t.ownerUnionId,
        executorStatus: { ...t.executorStatus },
      }));
  }

  /** Work notices, with `userId`: those that reached that user (not dropped by the §11 limits). */
  notices(filter: { userId?: string } = {}): WorkNotice[] {
    return this.core.state.notices
      .filter((n) => !filter.userId || (n.userIds.includes(filter.userId) && !n.dropped?.[filter.userId]))
      .map((n) => ({ ...n }));
  }

  /** Every send to a user, dropped ones included (what the app called, as opposed to what the user saw). */
  noticeCalls(userId: string): WorkNotice[] {
    return this.core.state.notices.filter((n) => n.userIds.includes(userId)).map((n) => ({ ...n }));
  }

  /** The user opened a notice (getsendresult then lists them as read). */
  readNotice(taskId: number, userId: string): void {
    const n = this.core.state.notices.find((x) => x.taskId === taskId);
    if (!n) throw new Error(`no notice ${taskId}`);
    n.readBy = [...new Set([...(n.readBy ?? []), userId])];
  }

  apiCalls(): ApiCallReport {
    const { state } = this.core;
    const monthly: ApiCallReport['monthly'] = {};
    for (const org of state.orgs.values()) monthly[org.corpId] = Object.fromEntries(org.monthlyCalls);
    const byApi = Object.fromEntries(state.callsByApi);
    return {
      monthly,
      byApi,
      byInstance: Object.fromEntries(state.callsByInstance),
      total: Object.values(byApi).reduce((a, b) => a + b, 0),
      throttledByApi: Object.fromEntries(state.throttledByApi),
      tokenRequests: Object.fromEntries(state.tokenRequests),
    };
  }

  resetApiCalls(): void {
    const { state } = this.core;
    state.callsByApi.clear();
    state.callsByInstance.clear();
    state.throttledByApi.clear();
    state.tokenRequests.clear();
    for (const org of state.orgs.values()) org.monthlyCalls.clear();
    this.core.limiter.reset();
  }

  // ---- Yida ---------------------------------------------------------------------------------------

  /** Integration-center targets: one URL per action ("集成中心 · 配置同步策略"). */
  setYidaPushTargets(appType: string, targets: Partial<Record<YidaPushAction, string>>): void {
    const app = this.core.state.yidaApps.get(appType);
    if (!app) throw new ControlError(404, 'not_found', `no yida app ${appType}`);
    app.pushTargets = { ...app.pushTargets, ...targets };
  }

  startYidaInstance(raw: YidaStartInput): Record<string, unknown> {
    const input = parse(yidaStartInputSchema, raw);
    const { yida, state } = this.core;
    const app = yida.app(input.appType);
    const formUuid = input.formUuid ?? app.forms.keys().next().value ?? '';
    const inst = yida.start({ ...input, formUuid, at: state.now() });
    return this.getYidaInstance(inst.processInstanceId);
  }

  actYida(processInstanceId: string, raw: YidaActInput): Record<string, unknown> {
    const input = parse(yidaActInputSchema, raw);
    const { yida, state } = this.core;
    const inst = this.yidaInstance(processInstanceId);
    const at = state.now();
    if (input.action === 'terminate') yida.terminate(inst, { userId: input.userId, at });
    else if (input.action === 'delete') yida.delete(inst);
    else {
      const task =
        input.taskId !== undefined
          ? inst.tasks.find((t) => t.taskId === input.taskId)
          : inst.tasks.find((t) => t.userId === input.userId && t.status === 'RUNNING');
      if (!task) throw new ControlError(409, 'no_running_task', `${input.userId} 在该实例中没有待处理任务`);
      if (input.action === 'redirect') {
        yida.redirect(inst, {
          taskId: task.taskId,
          userId: input.userId,
          toUserId: input.toUserId ?? '',
          remark: input.remark,
          byManager: false,
          at,
        });
      } else {
        yida.execute(inst, {
          taskId: task.taskId,
          userId: input.userId,
          outResult: input.action,
          remark: input.remark,
          at,
          files: input.files,
        });
      }
    }
    return this.getYidaInstance(processInstanceId);
  }

  /** Adds a custom group robot; `webhook` is the URL to give Huiban (sign it with `secret`). */
  createRobot(
    raw: { accessToken?: string; secret?: string | null; keywords?: string[]; perMinute?: number } = {},
  ) {
    const robot = this.core.robots.create(raw);
    return {
      accessToken: robot.accessToken,
      secret: robot.secret,
      webhook: `${this.core.baseUrl}/robot/send?access_token=${robot.accessToken}`,
    };
  }

  /** What a robot received (accepted messages) and every call with its errcode. */
  robotMessages(accessToken: string) {
    const robot = this.core.robots.get(accessToken);
    return { messages: robot.messages.map((m) => ({ ...m })), calls: robot.calls.map((c) => ({ ...c })) };
  }

  /** Uploads a file to a Yida app's form storage; the answer is the item an image/attachment field holds. */
  uploadYidaFile(raw: { appType?: unknown; name?: unknown; base64?: unknown; contentType?: unknown }) {
    const appType = String(raw.appType ?? '');
    if (!this.core.state.yidaApps.has(appType))
      throw new ControlError(404, 'not_found', `no yida app ${appType}`);
    return storeYidaFile(this.core.state, {
      appType,
      name: String(raw.name ?? 'file'),
      bytes: Buffer.from(String(raw.base64 ?? ''), 'base64'),
      contentType: typeof raw.contentType === 'string' ? raw.contentType : undefined,
    });
  }

  /** Sends one push now (any action), whatever `yidaAutoPush` says. */
  triggerYidaPush(input: {
    processInstanceId: string;
    action: YidaPushAction;
    taskId?: number;
    ccUserId?: string;
  }): YidaPushRecord {
    const inst = this.yidaInstance(input.processInstanceId, true);
    const task = input.taskId !== undefined ? inst.tasks.find((t) => t.taskId === input.taskId) : undefined;
    if (input.taskId !== undefined && !task)
      throw new ControlError(404, 'not_found', `no task ${input.taskId}`);
    return { ...this.core.yidaPushes.send(input.action, inst, { task, ccUserId: input.ccUserId }) };
  }

  yidaPushes(): YidaPushRecord[] {
    return this.core.yidaPushes.records.map((r) => ({ ...r, params: { ...r.params } }));
  }

  getYidaInstance(processInstanceId: string): Record<string, unknown> {
    const inst = this.yidaInstance(processInstanceId, true);
    return structuredClone({
      processInstanceId: inst.processInstanceId,
      appType: inst.appType,
      corpId: inst.corpId,
      formUuid: inst.formUuid,
      processCode: inst.processCode,
      title: inst.title,
      originatorId: inst.originatorId,
      instanceStatus: inst.instanceStatus,
      approvedResult: inst.approvedResult,
      data: inst.data,
      createTime: inst.createTime,
      modifiedTime: inst.modifiedTime,
      finishTime: inst.finishTime ?? null,
      tasks: inst.tasks,
      records: inst.records,
      remarks: inst.remarks,
      ccUserIds: inst.ccUserIds,
      deleted: inst.deleted,
    });
  }

  listYidaInstances(filter: { appType?: string } = {}): Record<string, unknown>[] {
    return [...this.core.state.yidaInstances.values()]
      .filter((i) => !filter.appType || i.appType === filter.appType)
      .map((i) => this.getYidaInstance(i.processInstanceId));
  }

  private yidaInstance(id: string, includeDeleted = false): YidaInstance {
    const inst = this.core.state.yidaInstances.get(id);
    if (!inst || (inst.deleted && !includeDeleted))
      throw new ControlError(404, 'not_found', `no yida instance ${id}`);
    return inst;
  }

  // ---- DingTalk connect platform (connect-triggers.ts) --------------------------------------------

  /** Defines a trigger event in the org, as an integrator would through `POST /v1.0/connector/triggers`. */
  defineConnectTrigger(input: {
    corpId?: string;
    integratorTriggerId: string;
    name: string;
  }): ConnectTrigger {
    const { state } = this.core;
    return { ...defineConnectTrigger(state, state.orgOrDefault(input.corpId), input) };
  }

  /** Every forecast request body received (wave2 §2), oldest first, refused ones included. */
  forecastRequests(): { corpId: string; body: Record<string, unknown> }[] {
    return structuredClone(this.core.state.forecastRequests);
  }

  /** Every trigger data item received through `triggers/data/sync`, oldest first. */
  connectTriggerData(filter: { triggerId?: string } = {}): ConnectTriggerData[] {
    return listConnectTriggerData(this.core.state, filter);
  }

  /** A summary for humans and health checks. */
  summary(): Record<string, unknown> {
    const { state } = this.core;
    return {
      orgs: [...state.orgs.values()].map((o) => ({
        corpId: o.corpId,
        name: o.name,
        users: o.users.size,
        apps: [...o.apps.values()].map((a) => ({
          clientId: a.clientId,
          agentId: a.agentId,
          pushMode: a.pushMode,
          callbackUrl: a.callback?.url ?? null,
        })),
        templates: [...o.templates.values()].map((t) => ({ processCode: t.processCode, name: t.name })),
        instances: [...o.instances.values()].filter((i) => !i.deleted).length,
      })),
      yidaApps: [...state.yidaApps.values()].map((a) => ({
        appType: a.appType,
        name: a.name,
        pushTargets: a.pushTargets,
      })),
      yidaInstances: state.yidaInstances.size,
      events: this.core.hub.log.length,
      streamConnections: this.core.stream.connectionInfos().filter((c) => c.state !== 'closed').length,
      streamWaitingForConnection: this.core.stream.waitingCount(),
    };
  }
}

function fileInfo(f: StoredFile): FileInfo {
  const { bytes, ...rest } = f;
  return { ...rest, size: bytes.length };
}

/** `/__control/...`: JSON in, JSON out; errors `{error: {code, message}}`. */
export function controlRoutes(control: SandboxControl): RouteDef[] {
  const r = (method: string, path: string, handler: RouteDef['handler']): RouteDef => ({
    method,
    path,
    family: 'raw',
    handler,
  });
  const json = (value: unknown, status = 200) => ({ status, json: value });
  const body = <T>(b: Record<string, unknown>) => b as T;
  const q = (ctx: Parameters<RouteDef['handler']>[0], k: string) => ctx.query.get(k) ?? undefined;
  const wrap =
    (fn: RouteDef['handler']): RouteDef['handler'] =>
    async (ctx) => {
      try {
        return await fn(ctx);
      } catch (err) {
        // Engine errors carry the DingTalk code; show them as control errors.
        if (err instanceof NewApiError)
          throw new ControlError(err.status === 400 ? 409 : err.status, err.code, err.message);
        throw err;
      }
    };
  const routes: RouteDef[] = [
    r('GET', '/__control/state', () => json(control.summary())),
    r('POST', '/__control/reset', (ctx) => {
      const b = ctx.body as { scenario?: 'demo' | Scenario | null; options?: Partial<SandboxOptions> };
      control.reset(b.scenario ?? null, b.options ?? {});
      return json({ ok: true });
    }),
    r('GET', '/__control/options', () => json(control.options())),
    r('PATCH', '/__control/options', (ctx) =>
      json(control.setOptions(body<Partial<SandboxOptions>>(ctx.body))),
    ),
    r('POST', '/__control/clock/advance', (ctx) =>
      json({ now: control.advanceClock(Number(ctx.body.ms ?? 0)) }),
    ),
    r('POST', '/__control/orgs', (ctx) => {
      control.createOrg(body(ctx.body));
      return json({ ok: true }, 201);
    }),
    r('PATCH', '/__control/orgs/{corpId}/edition', (ctx) =>
      json(control.setOrgEdition(ctx.params.corpId ?? '', body(ctx.body))),
    ),
    r('POST', '/__control/orgs/{corpId}/users', (ctx) => {
      control.addUsers(ctx.params.corpId ?? '', (ctx.body.users ?? []) as ScenarioUser[]);
      return json({ ok: true }, 201);
    }),
    r('POST', '/__control/orgs/{corpId}/directory/users', (ctx) =>
      json(control.addDirectoryUser(ctx.params.corpId, body(ctx.body)), 201),
    ),
    r('PATCH', '/__control/orgs/{corpId}/directory/users/{userId}', (ctx) =>
      json(control.modifyDirectoryUser(ctx.params.corpId, ctx.params.userId ?? '', body(ctx.body))),
    ),
    r('DELETE', '/__control/orgs/{corpId}/directory/users/{userId}', (ctx) => {
      control.removeDirectoryUser(ctx.params.corpId, ctx.params.userId ?? '');
      return json({ ok: true });
    }),
    r('POST', '/__control/orgs/{corpId}/apps', (ctx) => {
      control.addApp(ctx.params.corpId ?? '', body(ctx.body));
      return json({ ok: true }, 201);
    }),
    r('POST', '/__control/orgs/{corpId}/templates', (ctx) => {
      control.addTemplate(ctx.params.corpId ?? '', body(ctx.body));
      return json({ ok: true }, 201);
    }),
    r('POST', '/__control/files', (ctx) => json(control.addFile(q(ctx, 'corpId'), body(ctx.body)), 201)),
    r('GET', '/__control/files', (ctx) => json(control.listFiles(q(ctx, 'processInstanceId')))),
    r('GET', '/__control/files/{fileId}', (ctx) =>
      json({
        ...control.file(ctx.params.fileId ?? ''),
        downloadUrl: control.downloadUrl(ctx.params.fileId ?? ''),
      }),
    ),
    r('POST', '/__control/instances', (ctx) => json(control.startInstance(body(ctx.body)), 201)),
    r('GET', '/__control/instances', (ctx) =>
      json(
        control.listInstances({
          corpId: q(ctx, 'corpId'),
          processCode: q(ctx, 'processCode'),
          status: q(ctx, 'status'),
        }),
      ),
    ),
    r('GET', '/__control/instances/{id}', (ctx) => json(control.getInstance(ctx.params.id ?? ''))),
    r('DELETE', '/__control/instances/{id}', (ctx) => {
      control.deleteInstance(ctx.params.id ?? '');
      return json({ ok: true });
    }),
    r('POST', '/__control/instances/{id}/act', (ctx) =>
      json(control.act(ctx.params.id ?? '', body(ctx.body))),
    ),
    r('POST', '/__control/auth-codes', (ctx) =>
      json({ code: control.issueJsapiAuthCode(body(ctx.body)) }, 201),
    ),
    r('POST', '/__control/callbacks', async (ctx) => {
      const result = await control.registerCallback(body(ctx.body));
      return json(result, result.ok ? 201 : 422);
    }),
    r('DELETE', '/__control/callbacks/{clientId}', (ctx) => {
      control.unregisterCallback(ctx.params.clientId ?? '');
      return json({ ok: true });
    }),
    r('GET', '/__control/callbacks/deliveries', () => json(control.callbackDeliveries())),
    r('GET', '/__control/events', (ctx) =>
      json(
        control.events({ eventType: q(ctx, 'eventType'), processInstanceId: q(ctx, 'processInstanceId') }),
      ),
    ),
    r('POST', '/__control/events/{eventId}/redeliver', (ctx) => {
      control.redeliverEvent(ctx.params.eventId ?? '');
      return json({ ok: true });
    }),
    r('GET', '/__control/stream/acks', () => json(control.streamAcks())),
    r('GET', '/__control/stream/deliveries', () => json(control.streamDeliveries())),
    r('GET', '/__control/stream/connections', () => json(control.streamConnections())),
    r('GET', '/__control/stream/gave-up', () => json(control.streamGaveUp())),
    r('POST', '/__control/stream/disconnect', (ctx) =>
      json({ connections: control.disconnectStream(body(ctx.body)) }),
    ),
    r('PATCH', '/__control/faults/deliveries', (ctx) => json(control.setDeliveryFaults(body(ctx.body)))),
    r('POST', '/__control/faults/calls', (ctx) => {
      control.failNextCalls(body(ctx.body));
      return json({ ok: true }, 201);
    }),
    r('PATCH', '/__control/faults/yida-pushes', (ctx) => json(control.setYidaPushFaults(body(ctx.body)))),
    r('DELETE', '/__control/faults', () => {
      control.clearFaults();
      return json({ ok: true });
    }),
    r('GET', '/__control/faults/dropped', () => json(control.droppedDeliveries())),
    r('POST', '/__control/wait-idle', async (ctx) => {
      await control.waitForIdle(Number(ctx.body.timeoutMs ?? 10_000));
      return json({ ok: true });
    }),
    r('GET', '/__control/todos', (ctx) =>
      json(
        control.todos({ unionId: q(ctx, 'unionId'), includeDeleted: q(ctx, 'includeDeleted') === 'true' }),
      ),
    ),
    r('GET', '/__control/connect/invocations', () => json(control.connectInvocations())),
    r('GET', '/__control/notices', (ctx) => json(control.notices({ userId: q(ctx, 'userId') }))),
    r('GET', '/__control/api-calls', () => json(control.apiCalls())),
    r('DELETE', '/__control/api-calls', () => {
      control.resetApiCalls();
      return json({ ok: true });
    }),
    r('PUT', '/__control/yida/apps/{appType}/push-targets', (ctx) => {
      control.setYidaPushTargets(ctx.params.appType ?? '', body(ctx.body));
      return json({ ok: true });
    }),
    r('POST', '/__control/yida/instances', (ctx) => json(control.startYidaInstance(body(ctx.body)), 201)),
    r('GET', '/__control/yida/instances', (ctx) =>
      json(control.listYidaInstances({ appType: q(ctx, 'appType') })),
    ),
    r('GET', '/__control/yida/instances/{id}', (ctx) => json(control.getYidaInstance(ctx.params.id ?? ''))),
    r('POST', '/__control/yida/instances/{id}/act', (ctx) =>
      json(control.actYida(ctx.params.id ?? '', body(ctx.body))),
    ),
    r('POST', '/__control/robots', (ctx) => json(control.createRobot(body(ctx.body)), 201)),
    r('GET', '/__control/robots/{token}', (ctx) => json(control.robotMessages(ctx.params.token ?? ''))),
    r('POST', '/__control/yida/files', (ctx) => json(control.uploadYidaFile(body(ctx.body)), 201)),
    r('POST', '/__control/yida/pushes', (ctx) => json(control.triggerYidaPush(body(ctx.body)), 201)),
    r('GET', '/__control/yida/pushes', () => json(control.yidaPushes())),
  ];
  return routes.map((route) => ({ ...route, handler: wrap(route.handler) }));
}
