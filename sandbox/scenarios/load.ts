import type { SandboxCore } from '../core';
import { fileRef, storeFile } from '../model/files';
import type { App, Org, User } from '../model/types';
import type { YidaApp } from '../model/yida-types';
import { storeYidaFile } from '../yida/forms-and-files';
import type { Scenario, ScenarioApp, ScenarioFile, ScenarioOrg, ScenarioUser } from './types';

const MINUTE = 60_000;

export function fileBytes(f: ScenarioFile): Buffer {
  if (f.base64 !== undefined) return Buffer.from(f.base64, 'base64');
  return Buffer.from(f.text ?? '', 'utf8');
}

/** What a new app subscribes to unless a scenario says otherwise: approvals and contact changes (§7.3). */
export const DEFAULT_SUBSCRIBED_EVENTS = [
  'bpms_task_change',
  'bpms_instance_change',
  'user_add_org',
  'user_modify_org',
  'user_leave_org',
] as const;

export function buildUser(u: ScenarioUser, position: number): User {
  return {
    userId: u.userId,
    unionId: u.unionId ?? `union_${u.userId}`,
    name: u.name,
    mobile: u.mobile ?? `138${String(position).padStart(8, '0')}`,
    email: u.email ?? `${u.userId}@example.com`,
    jobNumber: u.jobNumber ?? `E${String(position).padStart(3, '0')}`,
    title: u.title ?? '',
    deptIds: u.deptIds,
    leaderOfDeptIds: u.isLeader ? [...u.deptIds] : [],
    managerUserId: u.managerUserId ?? '',
    avatar: u.avatar ?? '',
    isAdmin: u.isAdmin ?? false,
    isBoss: u.isBoss ?? false,
    active: u.active ?? true,
    hiredDate: Date.UTC(2020, 0, 1) + position * 86_400_000,
  };
}

export function buildApp(a: ScenarioApp, corpId: string, unifiedAppId: string): App {
  return {
    clientId: a.clientId,
    clientSecret: a.clientSecret,
    agentId: a.agentId,
    name: a.name ?? a.clientId,
    corpId,
    unifiedAppId: a.unifiedAppId ?? unifiedAppId,
    callbackToken: a.callbackToken,
    aesKey: a.aesKey,
    subscribedEvents: a.subscribedEvents ?? [...DEFAULT_SUBSCRIBED_EVENTS],
    pushMode: 'stream',
    todoBizTag: a.todoBizTag ?? a.clientId,
    redirectUris: a.redirectUris ?? [],
  };
}

function buildOrg(core: SandboxCore, s: ScenarioOrg): Org {
  const { state } = core;
  const org: Org = {
    corpId: s.corpId,
    name: s.name,
    departments: new Map([[1, { deptId: 1, name: s.name, parentId: 0 }]]),
    users: new Map(),
    apps: new Map(),
    templates: new Map(),
    instances: new Map(),
    spaceId: String(163_000_000 + state.orgs.size * 1000 + 658),
    monthlyCalls: new Map(),
  };
  for (const d of s.departments)
    org.departments.set(d.deptId, { deptId: d.deptId, name: d.name, parentId: d.parentId ?? 1 });
  s.users.forEach((u, i) => {
    org.users.set(u.userId, buildUser(u, i + 1));
  });
  for (const a of s.apps) {
    const app = buildApp(a, s.corpId, state.ids.stableUuid());
    org.apps.set(app.clientId, app);
    state.apps.set(app.clientId, app);
  }
  for (const t of s.templates) {
    org.templates.set(t.processCode, {
      processCode: t.processCode,
      name: t.name,
      description: t.description ?? '',
      formComponents: t.formComponents,
      defaultApprovers: t.defaultApprovers ?? [],
      defaultCcUserIds: t.defaultCcUserIds ?? [],
      allowRevoke: t.allowRevoke ?? true,
      iconName: t.iconName ?? 'common',
      gmtModified: state.now(),
      disabled: false,
    });
  }
  state.orgs.set(org.corpId, org);
  return org;
}

/**
 * Loads a scenario into a fresh core: builds the orgs, then replays each instance's history through
 * the workflow engine with its own timestamps, so records, tasks and events are exactly what the
 * APIs would have produced.
 */
export function loadScenario(core: SandboxCore, scenario: Scenario): void {
  const { state, engine } = core;
  Object.assign(state.options, scenario.options ?? {});
  core.hub.muted = scenario.deliverEvents === false;
  const now = state.now();
  for (const s of scenario.orgs) {
    const org = buildOrg(core, s);
    for (const si of s.instances ?? []) {
      const template = org.templates.get(si.processCode);
      const started = now - si.startedMinutesAgo * MINUTE;
      const values = Object.entries(si.form).map(([name, value]) => ({ name, value }));
      const attachmentLabel = template?.formComponents.find((c) => c.componentType === 'DDAttachment')?.props
        .label;
      const files = (si.files ?? []).map((f) =>
        storeFile(state, org.corpId, {
          fileName: f.fileName,
          fileType: f.fileType,
          bytes: fileBytes(f),
          usage: 'form',
        }),
      );
      if (attachmentLabel && files.length > 0)
        values.push({ name: attachmentLabel, value: JSON.stringify(files.map(fileRef)) });
      const inst = engine.start({
        corpId: org.corpId,
        processCode: si.processCode,
        originatorUserId: si.originatorUserId,
        approvers: si.approvers,
        ccUserIds: si.ccUserIds,
        ccPosition: si.ccPosition,
        formComponentValues: values,
        title: si.title,
        viaApi: false,
        at: started,
      });
      for (const f of files) f.processInstanceId = inst.processInstanceId;
      for (const a of si.actions ?? []) {
        const at = started + a.afterMinutes * MINUTE;
        const attachments = (a.files ?? []).map((f) =>
          fileRef(
            storeFile(state, org.corpId, {
              fileName: f.fileName,
              fileType: f.fileType,
              bytes: fileBytes(f),
              usage: a.action === 'comment' ? 'comment' : 'record',
              processInstanceId: inst.processInstanceId,
            }),
          ),
        );
        const file = attachments.length > 0 ? { attachments, photos: [] } : undefined;
        if (a.action === 'comment') {
          engine.comment(inst, { userId: a.userId, text: a.remark ?? '', file, at });
        } else if (a.action === 'revoke') {
          engine.terminate(inst, { operatingUserId: a.userId, isSystem: false, remark: a.remark, at });
        } else {
          const task = inst.tasks.find((t) => t.userId === a.userId && t.status === 'RUNNING');
          if (!task)
            throw new Error(`scenario ${scenario.name}: ${a.userId} has no running task in ${inst.title}`);
          if (a.action === 'redirect') {
            engine.redirect(inst, {
              taskId: task.taskId,
              operateUserId: a.userId,
              toUserId: a.toUserId ?? '',
              remark: a.remark,
              at,
            });
          } else {
            engine.execute(inst, {
              taskId: task.taskId,
              actionerUserId: a.userId,
              result: a.action,
              remark: a.remark,
              file,
              at,
            });
          }
        }
      }
    }
    for (const ya of s.yidaApps ?? []) loadYidaApp(core, org, ya, now);
  }
  core.hub.muted = false;
}

function loadYidaApp(
  core: SandboxCore,
  org: Org,
  ya: NonNullable<ScenarioOrg['yidaApps']>[number],
  now: number,
): void {
  const { state, yida } = core;
  const app: YidaApp = {
    appType: ya.appType,
    systemToken: ya.systemToken,
    corpId: org.corpId,
    corpCode: ya.corpCode,
    name: ya.name,
    forms: new Map(
      ya.forms.map((f) => [
        f.formUuid,
        {
          formUuid: f.formUuid,
          name: f.name,
          processCode: f.processCode,
          processName: f.name,
          components: f.components,
          nodes: f.nodes.map((n) => ({ ...n, activityId: `node_${state.ids.activityId()}` })),
        },
      ]),
    ),
    pushTargets: { ...ya.pushTargets },
  };
  state.yidaApps.set(app.appType, app);
  for (const yi of ya.instances ?? []) {
    const started = now - yi.startedMinutesAgo * MINUTE;
    const files = Object.fromEntries(
      Object.entries(yi.files ?? {}).map(([componentId, list]) => [
        componentId,
        // Yida reads give image/attachment values as JSON text of the items (dingtalk-wave2-apis.md §6.2).
        JSON.stringify(
          list.map((f) => {
            const { sha256: _, ...item } = storeYidaFile(state, {
              appType: app.appType,
              name: f.fileName,
              bytes: fileBytes(f),
              contentType: f.fileType,
            });
            return item;
          }),
        ),
      ]),
    );
    const inst = yida.start({
      appType: app.appType,
      formUuid: yi.formUuid,
      originatorId: yi.originatorId,
      data: { ...yi.data, ...files },
      title: yi.title,
      ccUserIds: yi.ccUserIds,
      at: started,
    });
    for (const a of yi.actions ?? []) {
      const at = started + a.afterMinutes * MINUTE;
      if (a.action === 'terminate') {
        yida.terminate(inst, { userId: a.userId, at });
        continue;
      }
      const task = inst.tasks.find((t) => t.userId === a.userId && t.status === 'RUNNING');
      if (!task) throw new Error(`yida scenario: ${a.userId} has no running task in ${inst.title}`);
      if (a.action === 'redirect') {
        yida.redirect(inst, {
          taskId: task.taskId,
          userId: a.userId,
          toUserId: a.toUserId ?? '',
          remark: a.remark,
          byManager: false,
          at,
        });
      } else {
        yida.execute(inst, {
          taskId: task.taskId,
          userId: a.userId,
          outResult: a.action,
          remark: a.remark,
          at,
        });
      }
    }
  }
}
