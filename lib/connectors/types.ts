import type { Db } from '@/db/client';
import type { Logger } from '@/lib/log';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import type { ConnectorKind } from './kinds';

export type { ConnectorKind };

/** A connector as adapters see it: config plus decrypted secrets. Server-only; never serialised to a client. */
export type ConnectorRuntime = {
  id: string;
  kind: ConnectorKind;
  name: string;
  corpId: string | null;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  enabled: boolean;
};

export type AdapterContext = { db: Db; connector: ConnectorRuntime; log: Logger };

/** A person as the source's directory describes them, for matching to a Huiban user. */
export type SourceUserProfile = {
  externalUserId: string;
  name?: string | null;
  unionId?: string | null;
  mobile?: string | null;
  email?: string | null;
  jobNumber?: string | null;
  managerExternalId?: string | null;
  departments?: string[];
  active?: boolean;
};

/** A contact change event: these people joined or changed (re-read them), or left the org. */
export type DirectoryChange = { action: 'upsert' | 'leave'; externalUserIds: string[] };

export type AttachmentRef = { instanceExternalId: string; externalFileId: string; fileName: string };

export type ActRequest = {
  /** append 加签 · revert 退回 · withdraw 撤回 (an agree) · resubmit 再次提交: where the source supports them. */
  action:
    | 'agree'
    | 'refuse'
    | 'transfer'
    | 'comment'
    | 'revoke'
    | 'append'
    | 'revert'
    | 'withdraw'
    | 'resubmit';
  instanceExternalId: string;
  externalTaskId: string | null;
  /** The acting person's id at the source (their identity on this connector). */
  actorExternalId: string;
  remark: string | null;
  /** Transfer target's id at the source. */
  targetExternalId?: string | null;
  /** The Huiban action (task_actions.id): a stable key for sources that deduplicate deliveries. */
  actionId?: string;
  /** When the user acted in Huiban. */
  requestedAt?: Date;
  /**
   * 代理: someone else acted in Huiban for the assignee (`actorExternalId` stays the assignee's id, so the source
   * records the task as theirs): the delegate's name for the remark, and their id at this source if they have one.
   */
  delegate?: { name: string; externalUserId: string | null } | null;
  /**
   * The action's own input (task_actions.params): 加签 `{ position, activate, targetExternalIds }`, 退回
   * `{ target }`, 再次提交 `{ values }`.
   */
  params?: Record<string, unknown>;
  /** A comment's files, already in Huiban's storage (lib/storage): sources whose comment API takes files get them. */
  files?: { attachmentId: string; fileName: string; storageKey: string; size: number }[];
  /**
   * To be called with the id the source gave each of `files` once it holds them, before the comment naming them is
   * sent: the source's echo of the comment then links to Huiban's copy instead of storing the bytes again.
   */
  onFilesStored?: (files: { attachmentId: string; sourceFileId: string }[]) => Promise<void>;
  /** A comment's @-mentioned people, by their id at the source (those who have one there). */
  mentionExternalIds?: string[];
};

/** Whether one of the more actions (加签 / 退回 / 撤回 / 再次提交) can be done from Huiban, in the source only, or not at all. */
export type MoreActionSupport = 'huiban' | 'source' | 'none';

/** What a source allows beyond agree/refuse/transfer/comment, for one viewer on one instance. */
export type MoreActions = {
  append: MoreActionSupport;
  revert: MoreActionSupport;
  withdraw: MoreActionSupport;
  resubmit: MoreActionSupport;
  /** Where 加签 may put people: DingTalk's API has before/after only; local workflows also alongside. */
  appendPositions?: ('before' | 'after' | 'alongside')[];
  /** 退回 targets (step or node ids with names), the originator first. */
  revertTargets: { id: string; name: string }[];
  /** The task a 撤回 would take back (its external id), when there is one. */
  withdrawTaskExternalId: string | null;
};

/**
 * Everything source-specific, behind one contract (design.md "Source adapters"). The task domain and the
 * worker only talk to sources through this.
 */
export interface SourceAdapter {
  readonly kind: ConnectorKind;
  /**
   * True for sources with nothing to re-read (the open API): the source's 2xx answer to act() confirms the
   * write-back. Otherwise the next snapshot confirms it (read-your-writes).
   */
  readonly confirmsOnAct?: boolean;
  /**
   * For sources that address people by Huiban user id (the open API): the identity key a Huiban user gets on
   * this connector when they have none yet, e.g. as a transfer target. Absent: people must be known to the source.
   */
  identityKeyForUser?(userId: string): string;
  /** The source's authoritative view of one instance, or null when the source no longer has it. */
  fetchSnapshot(
    ctx: AdapterContext,
    instanceExternalId: string,
    hints?: {
      processCode?: string | null;
      /** The stored events' payloads that led to this fetch, for facts the source's API leaves out (node names). */
      events?: unknown[];
    },
  ): Promise<InstanceSnapshot | null>;
  /** A stream of an attachment's bytes from the source's storage. */
  openAttachment(
    ctx: AdapterContext,
    ref: AttachmentRef,
  ): Promise<{ body: ReadableStream<Uint8Array>; contentType: string | null }>;
  /** Directory facts about one person (null when the source does not know them). */
  fetchUserProfile(ctx: AdapterContext, externalUserId: string): Promise<SourceUserProfile | null>;
  /** The source's whole directory (departments walked, people listed once), for a full sync; if it has one. */
  listDirectory?(ctx: AdapterContext): Promise<SourceUserProfile[]>;
  /** A stored event as a directory change (DingTalk contact events), or null when it is not one. */
  directoryChange?(type: string, payload: unknown): DirectoryChange | null;
  /**
   * State the stored events carry themselves, applied (in order) before the fetch: for sources whose pushes say
   * things their API cannot (Yida: a deletion, a cc). `fetch: false` means the pushes are the only source.
   */
  snapshotsFromEvents?(
    ctx: AdapterContext,
    instanceExternalId: string,
    payloads: unknown[],
  ): Promise<{ snapshots: InstanceSnapshot[]; fetch: boolean }>;
  /** False when the connector has no way to re-read its source (a push-only Yida connector): no reconciliation. */
  canReconcile?(ctx: AdapterContext): boolean;
  /** What reconciliation lists instance ids by; default: the connector's `config.processCodes`. */
  reconcileScopes?(ctx: AdapterContext): string[];
  /**
   * Ids of instances of one scope (a DingTalk process code; a Yida `appType/formUuid`) started or changed in a
   * window (reconciliation of missed creates), if supported.
   */
  listInstanceIds?(
    ctx: AdapterContext,
    input: { processCode: string; since: Date; until: Date; limit: number },
  ): Promise<string[]>;
  /**
   * 加签 / 退回 / 撤回 / 再次提交 for this person on this instance. Absent: none of them can be done from
   * Huiban; the page offers the source's own page when it has one.
   */
  moreActions?(
    ctx: AdapterContext,
    input: { instanceExternalId: string; actorExternalId: string; externalTaskId: string | null },
  ): Promise<MoreActions>;
  /** Performs a user's action at the source; throws an AdapterError when the source refuses. */
  act(ctx: AdapterContext, request: ActRequest): Promise<{ response?: unknown }>;
}

/** A source refused or failed; `retryable` says whether trying again later may help (throttling, 5xx). */
export class AdapterError extends Error {
  readonly retryable: boolean;
  readonly sourceCode?: string;

  constructor(message: string, options: { retryable: boolean; sourceCode?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'AdapterError';
    this.retryable = options.retryable;
    this.sourceCode = options.sourceCode;
  }
}
