import { ControlError } from '../http/errors';
import { Clock } from './clock';
import { IdFactory } from './ids';
import { DEFAULT_OPTIONS, type SandboxOptions } from './options';
import { Rng } from './rng';
import type {
  App,
  ConnectTrigger,
  ConnectTriggerData,
  Instance,
  Org,
  StoredFile,
  Todo,
  User,
  WorkNotice,
} from './types';
import type { PendingUpload } from './uploads';
import type { YidaApp, YidaFile, YidaInstance, YidaPushRecord } from './yida-types';

export type AccessToken = {
  token: string;
  kind: 'app' | 'user';
  clientId: string;
  corpId: string;
  userId?: string;
  expiresAt: number;
};

export type AuthCode = {
  code: string;
  kind: 'oauth' | 'jsapi';
  clientId: string;
  corpId: string;
  userId: string;
  expiresAt: number;
  used: boolean;
};

/**
 * All mutable sandbox state in one place, so `reset` and scenario loading are simple and the control
 * API can read everything the HTTP APIs can.
 */
export class SandboxState {
  options: SandboxOptions;
  readonly clock = new Clock();
  rng: Rng;
  ids: IdFactory;
  orgs = new Map<string, Org>();
  /** clientId → app (clientIds are globally unique). */
  apps = new Map<string, App>();
  tokens = new Map<string, AccessToken>();
  /** clientId → current app token (reissued only after expiry, §1.4). */
  appTokenByClient = new Map<string, string>();
  refreshTokens = new Map<string, { clientId: string; corpId: string; userId: string; expiresAt: number }>();
  authCodes = new Map<string, AuthCode>();
  files = new Map<string, StoredFile>();
  /** Instance id → corpId, for lookups from ids alone. */
  instanceOrg = new Map<string, string>();
  todos = new Map<string, Todo>();
  notices: WorkNotice[] = [];
  yidaApps = new Map<string, YidaApp>();
  yidaInstances = new Map<string, YidaInstance>();
  yidaPushes: YidaPushRecord[] = [];
  /** Files of Yida forms by their stored `fileName`, and live temporary URLs (token → file, expiry). */
  yidaFiles = new Map<string, YidaFile>();
  yidaTempUrls = new Map<string, { fileName: string; expiresAt: number }>();
  /** `${clientId} ${api}` → successful calls, and instance id → calls that named it. */
  callsByApi = new Map<string, number>();
  callsByInstance = new Map<string, number>();
  /** `${clientId} ${api}` → calls answered with the QPS throttling error (§12.1): over the per-app × API limit. */
  throttledByApi = new Map<string, number>();
  /** clientId → app access tokens requested (§1.1; a shared token cache asks once per app, not per process). */
  tokenRequests = new Map<string, number>();
  /** Users authorised to download drive files through §6.3 (`${userId}:${fileId}`). */
  downloadGrants = new Set<string>();
  /**
   * Upload permission to the approval space (wave2 §3.2): `${corpId}:${userId}` → expiry, granted by
   * `spaces/infos/query`; and uploads between their upload info (§3.3) and their commit (§3.5), by uploadKey.
   */
  uploadGrants = new Map<string, number>();
  pendingUploads = new Map<string, PendingUpload>();
  /** Connect-platform triggers by dingTriggerId, and every trigger data item received (connect-triggers.ts). */
  connectTriggers = new Map<string, ConnectTrigger>();
  connectTriggerData: ConnectTriggerData[] = [];
  /** Every forecast request body received (wave2 §2), oldest first: what the app asked DingTalk to predict. */
  forecastRequests: { corpId: string; body: Record<string, unknown> }[] = [];

  constructor(options: Partial<SandboxOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.rng = new Rng(this.options.seed);
    this.ids = new IdFactory(this.rng);
  }

  now(): number {
    return this.clock.now();
  }

  org(corpId: string): Org {
    const org = this.orgs.get(corpId);
    if (!org) throw new ControlError(404, 'org_not_found', `no org ${corpId}`);
    return org;
  }

  /** The only org, or the named one: most scenarios have exactly one. */
  orgOrDefault(corpId?: string): Org {
    if (corpId) return this.org(corpId);
    const first = this.orgs.values().next();
    if (first.done) throw new ControlError(404, 'org_not_found', 'no org loaded');
    return first.value;
  }

  userByUnionId(org: Org, unionId: string): User | undefined {
    for (const u of org.users.values()) if (u.unionId === unionId) return u;
    return undefined;
  }

  instance(id: string): Instance | undefined {
    const corpId = this.instanceOrg.get(id);
    if (!corpId) return undefined;
    return this.orgs.get(corpId)?.instances.get(id);
  }
}
