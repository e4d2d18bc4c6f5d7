import { yidaPushSign } from '../crypto/yida-signature';
import type { SandboxState } from '../model/state';
import type { YidaInstance, YidaPushAction, YidaPushRecord, YidaTask } from '../model/yida-types';

/** Push faults: lose a percentage (Yida never retries, so a lost push stays lost), or send some twice. */
export type YidaPushFaults = { dropPercent: number; duplicateNext: number };

const STATUS_TEXT: Record<string, string> = {
  RUNNING: '运行中',
  COMPLETED: '已完成',
  TERMINATED: '已终止',
  ERROR: '异常',
};
const RESULT_TEXT: Record<string, string> = { agree: '同意', disagree: '拒绝' };

/**
 * Integration-center pushes (yida-connect-api.md §1): one target URL per action, the exact parameter
 * sets of §1.3, `task` as JSON text, MD5 `sign` of §1.5 with the app's systemToken, no retry. Every
 * attempt is recorded with the answer.
 */
export class YidaPushSender {
  records: YidaPushRecord[] = [];
  faults: YidaPushFaults = { dropPercent: 0, duplicateNext: 0 };
  private seq = 0;
  /** Pushes go out one after another, in the order the changes happened. */
  private chain: Promise<void> = Promise.resolve();
  private inflight = 0;

  constructor(private readonly state: SandboxState) {}

  /** Hook for the engine: builds the parameters now (so they reflect this moment) and queues the send. */
  onChange(action: YidaPushAction, inst: YidaInstance, detail: { task?: YidaTask; ccUserId?: string }): void {
    if (!this.state.options.yidaAutoPush) return;
    this.send(action, inst, detail);
  }

  /** Control API "trigger a push": same builder, sent regardless of `yidaAutoPush`. */
  send(
    action: YidaPushAction,
    inst: YidaInstance,
    detail: { task?: YidaTask; ccUserId?: string },
  ): YidaPushRecord {
    const params = this.params(action, inst, detail);
    const copies = this.faults.duplicateNext > 0 ? 2 : 1;
    if (copies === 2) this.faults.duplicateNext -= 1;
    let first: YidaPushRecord | undefined;
    for (let i = 0; i < copies; i++) {
      const record = this.enqueue(action, inst.appType, params);
      first ??= record;
    }
    return first as YidaPushRecord;
  }

  /** The parameter set of §1.3 for one action, signed. */
  params(
    action: YidaPushAction,
    inst: YidaInstance,
    detail: { task?: YidaTask; ccUserId?: string },
  ): Record<string, string> {
    const dateTime = String(Date.now());
    let params: Record<string, string>;
    const flat = (actualWorkId: string, taskId: string) => ({
      appType: inst.appType,
      corpId: inst.corpId,
      taskId,
      actualWorkId,
      formInstId: inst.processInstanceId,
      dateTime,
    });
    switch (action) {
      case 'create':
        params = { task: JSON.stringify(this.taskJson(inst, detail.task, detail.task?.userId)), dateTime };
        break;
      case 'cc':
        params =
          this.state.options.yidaCcPushShape === 'task'
            ? { task: JSON.stringify(this.taskJson(inst, undefined, detail.ccUserId)), dateTime }
            : flat(detail.ccUserId ?? '', '');
        break;
      case 'complete':
      case 'cancel':
        params = flat(
          detail.task?.actualActionerId ?? detail.task?.userId ?? '',
          String(detail.task?.taskId ?? ''),
        );
        break;
      case 'delete':
        params = { appType: inst.appType, corpId: inst.corpId, formInstId: inst.processInstanceId, dateTime };
        break;
    }
    const app = this.state.yidaApps.get(inst.appType);
    return { ...params, sign: yidaPushSign(params, app?.systemToken ?? '') };
  }

  /** The create-push `task` object (§1.4), keys in the sample's (alphabetical) order. */
  private taskJson(
    inst: YidaInstance,
    task: YidaTask | undefined,
    actionerId: string | undefined,
  ): Record<string, unknown> {
    const org = this.state.orgs.get(inst.corpId);
    const originator = org?.users.get(inst.originatorId);
    const actioner = actionerId ? org?.users.get(actionerId) : undefined;
    const app = this.state.yidaApps.get(inst.appType);
    const form = app?.forms.get(inst.formUuid);
    const node = inst.nodes[inst.currentNodeIndex];
    const json: Record<string, unknown> = {
      actionerId: actionerId ?? null,
      actionerName: actioner?.name ?? null,
      appType: inst.appType,
      createTime: inst.createTime,
      currentActivityInstances:
        inst.instanceStatus === 'RUNNING' && node
          ? [
              {
                activityId: node.activityId,
                activityInstanceStatus: 'RUNNING',
                activityName: node.name,
                activityNameEn: node.name,
                id: node.activityId,
              },
            ]
          : null,
      dataMap: inst.data,
      dataType: 'pinst',
      deep3: true,
      finishTime: inst.finishTime ?? null,
      formInstanceId: inst.processInstanceId,
      formUuid: inst.formUuid,
      instValue: JSON.stringify(inst.data),
      modifiedTime: inst.modifiedTime,
      modifyUserAvatar: '',
      modifyUserDisplayName: '',
      modifyUserId: inst.originatorId,
      openAvatar: '',
      openId: '',
      openNickname: '',
      openSource: '',
      originatorAvatar: originator?.avatar ?? '',
      originatorCorpId: inst.corpId,
      originatorCorpName: '',
      originatorDisplayName: originator?.name ?? '',
      originatorId: inst.originatorId,
      processApprovedResult: inst.approvedResult,
      processApprovedResultText: RESULT_TEXT[inst.approvedResult] ?? '',
      processCode: inst.processCode,
      processId: 0,
      // Empty in the documented sample: receivers must key on formInstanceId (§9.4).
      processInstanceId: '',
      processInstanceStatus: inst.instanceStatus,
      processInstanceStatusText: STATUS_TEXT[inst.instanceStatus] ?? '',
      processName: form?.name ?? '',
      serialNo: inst.serialNo,
      title: inst.title,
      version: inst.version,
    };
    if (this.state.options.yidaPushExtraTaskFields) {
      // Names UNCONFIRMED (§1.4): the prose promises a task id, approver and approval URL.
      const origin = this.state.options.yidaOrigin;
      json.taskId = task ? String(task.taskId) : null;
      json.url = `${origin}/${inst.appType}/processDetail?procInsId=${inst.processInstanceId}`;
      json.mobileUrl = `${origin}/${inst.appType}/processDetail?procInsId=${inst.processInstanceId}&isMobile=true`;
    }
    return json;
  }

  private enqueue(action: YidaPushAction, appType: string, params: Record<string, string>): YidaPushRecord {
    const encoding = this.state.options.yidaPushEncoding;
    this.seq += 1;
    const url = this.state.yidaApps.get(appType)?.pushTargets[action] ?? '';
    const record: YidaPushRecord = {
      id: this.seq,
      action,
      appType,
      url,
      encoding,
      params,
      sign: params.sign ?? '',
      sentAt: Date.now(),
      outcome: 'no-target',
    };
    this.records.push(record);
    if (!url) return record;
    if (this.faults.dropPercent > 0 && this.state.rng.next() * 100 < this.faults.dropPercent) {
      record.outcome = 'dropped';
      return record;
    }
    this.inflight += 1;
    this.chain = this.chain
      .then(() => this.post(record))
      .finally(() => {
        this.inflight -= 1;
      });
    return record;
  }

  private async post(record: YidaPushRecord): Promise<void> {
    const target = new URL(record.url);
    let body: string | undefined;
    const headers: Record<string, string> = {};
    if (record.encoding === 'json') {
      body = JSON.stringify(record.params);
      headers['content-type'] = 'application/json;charset=UTF-8';
    } else if (record.encoding === 'form') {
      body = new URLSearchParams(record.params).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    } else {
      for (const [k, v] of Object.entries(record.params)) target.searchParams.set(k, v);
    }
    record.sentAt = Date.now();
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.state.options.yidaPushTimeoutMs),
      });
      record.status = res.status;
      record.responseBody = (await res.text()).slice(0, 2000);
      record.outcome = res.ok ? 'ok' : 'http-error';
    } catch (err) {
      // No retry, as Yida does (§1.1): the reconciler must cover it.
      record.outcome = 'network-error';
      record.error = err instanceof Error ? err.message : String(err);
    }
  }

  pendingCount(): number {
    return this.inflight;
  }

  async drain(): Promise<void> {
    await this.chain;
  }
}
