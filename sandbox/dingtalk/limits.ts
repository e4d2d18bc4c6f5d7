import { NewApiError, OldApiError } from '../http/errors';
import type { Family, RequestContext } from '../http/router';
import { monthKey } from '../model/clock';
import type { SandboxState } from '../model/state';

/** An injected fault: the next `count` matching calls fail this way (control API "faults"). */
export type CallFault = {
  /** `not_found`: the instance API answers "no such instance" for an instance that exists (a lagging replica). */
  kind: '5xx' | '503' | 'throttle' | 'quota' | 'not_found';
  count: number;
  /** Substring of the API (`POST /v1.0/workflow/processInstances/execute`); empty = any. */
  api?: string;
  /** The API exactly (`POST /v1.0/workflow/processInstances`, not the paths that start with it). */
  apiExact?: string;
  clientId?: string;
};

/**
 * §12 limits: per app × per API QPS (403 QpsLimitForAppkeyAndApi / errcode 90018), the monthly
 * per-org quota (403 ApiCountLimitForOrg / 90020), plus injected failures. Throttled calls are not
 * counted in the monthly usage (§12.1).
 */
export class ApiLimiter {
  private windows = new Map<string, number[]>();
  faults: CallFault[] = [];

  constructor(private readonly state: SandboxState) {}

  /** Throws the family's error when the call must fail; otherwise counts it. */
  admit(ctx: RequestContext, family: Family, quotaExempt: boolean): void {
    const clientId = ctx.app?.clientId;
    const fault = this.takeFault(ctx.api, clientId);
    if (fault) throw faultError(fault.kind, family);

    const limit = this.state.options.qpsLimit;
    if (limit > 0 && clientId) {
      const key = `${clientId} ${ctx.api}`;
      const now = Date.now(); // QPS is about real time, not the sandbox clock
      const stamps = (this.windows.get(key) ?? []).filter((t) => now - t < 1000);
      if (stamps.length >= limit) {
        this.windows.set(key, stamps);
        this.state.throttledByApi.set(key, (this.state.throttledByApi.get(key) ?? 0) + 1);
        throw faultError('throttle', family);
      }
      stamps.push(now);
      this.windows.set(key, stamps);
    }

    const org = ctx.org;
    if (org && !quotaExempt) {
      const month = monthKey(this.state.now());
      const used = org.monthlyCalls.get(month) ?? 0;
      const quota = this.state.options.monthlyCallQuota;
      if (quota > 0 && used >= quota) throw faultError('quota', family);
      org.monthlyCalls.set(month, used + 1);
    }
    if (clientId) {
      const key = `${clientId} ${ctx.api}`;
      this.state.callsByApi.set(key, (this.state.callsByApi.get(key) ?? 0) + 1);
    }
    const instanceId = instanceIdOf(ctx);
    if (instanceId)
      this.state.callsByInstance.set(instanceId, (this.state.callsByInstance.get(instanceId) ?? 0) + 1);
  }

  private takeFault(api: string, clientId: string | undefined): CallFault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.count > 0 &&
        (!f.api || api.includes(f.api)) &&
        (!f.apiExact || api === f.apiExact) &&
        (!f.clientId || f.clientId === clientId),
    );
    if (!fault) return undefined;
    fault.count -= 1;
    this.faults = this.faults.filter((f) => f.count > 0);
    return fault;
  }

  reset(): void {
    this.windows.clear();
    this.faults = [];
  }
}

function faultError(kind: CallFault['kind'], family: Family): Error {
  if (family === 'old') {
    if (kind === 'throttle') return new OldApiError(90018, '当前应用调用该接口的并发量超过限制');
    if (kind === 'quota') return new OldApiError(90020, '当前企业调用接口的总量超过了限制');
    return new OldApiError(-1, '系统繁忙');
  }
  if (kind === 'throttle') {
    return new NewApiError(
      403,
      'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      '应用调用该接口的QPS超过限制',
    );
  }
  if (kind === 'quota')
    return new NewApiError(403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', '企业调用接口的总量超过限制');
  if (kind === 'not_found') return new NewApiError(400, 'processInstanceNotExist', '审批实例不存在');
  if (kind === '503') return new NewApiError(503, 'operationTimeout', '服务暂时不可用，请稍后重试');
  return new NewApiError(500, 'systemError', '系统错误');
}

/** Attributes a call to an approval/Yida instance when it names one (API calls per instance are a benchmark figure). */
function instanceIdOf(ctx: RequestContext): string | undefined {
  const fromQuery = ctx.query.get('processInstanceId') ?? ctx.query.get('process_instance_id');
  if (fromQuery) return fromQuery;
  const b = ctx.body;
  for (const key of ['processInstanceId', 'process_instance_id', 'formInstanceId']) {
    const v = b[key];
    if (typeof v === 'string' && v) return v;
  }
  return ctx.params.processInstanceId ?? ctx.params.id;
}
