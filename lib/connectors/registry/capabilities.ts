import type { ConnectorKind } from '../kinds';
import { connectorKindsWhere, getDescriptor } from './registry';

/** Kinds whose source has a directory to sync people from (adapter.listDirectory). */
export function directoryKinds(): ConnectorKind[] {
  return connectorKindsWhere((d) => d.adapter.listDirectory !== undefined);
}

/** Kinds the scheduled reconciliation re-reads: their source lists instance ids over a window. */
export function reconcilableKinds(): ConnectorKind[] {
  return connectorKindsWhere((d) => d.adapter.listInstanceIds !== undefined);
}

/** Kinds whose connectors may receive events over a Stream the worker keeps open. */
export function streamKinds(): ConnectorKind[] {
  return connectorKindsWhere((d) => d.usesStream !== undefined);
}

/** Kinds whose connectors' API keys authenticate open-API calls. */
export function apiKeyKinds(): ConnectorKind[] {
  return connectorKindsWhere((d) => d.acceptsApiKeys === true);
}

/** The endpoint connect-trigger pushes go to (one connect platform today: every sender names the same). */
export function connectTriggerEndpoint(): string {
  const [kind] = connectTriggerKinds();
  const sender = kind ? getDescriptor(kind).connectTrigger : undefined;
  if (!sender) throw new Error('no connector kind has a connect platform');
  return sender.endpoint;
}

/** Kinds with a connect platform that outbound subscriptions can push trigger data into. */
export function connectTriggerKinds(): ConnectorKind[] {
  return connectorKindsWhere((d) => d.connectTrigger !== undefined);
}

/** Kinds whose overdue tasks an SLA escalation may transfer to the manager or act on (Huiban's own engine). */
export function slaAutoActKinds(): ConnectorKind[] {
  return connectorKindsWhere((d) => d.slaAutoAct === true);
}

/** Kinds whose tasks' work notices (催办) link to the source's own page, which opens inside DingTalk. */
export function sourceLinkNoticeKinds(): ConnectorKind[] {
  return connectorKindsWhere((d) => d.noticeLinksToSource === true);
}

/** What of a Huiban comment reaches a kind's source besides its text (files, @mentions); text only when absent. */
export function commentWriteBackOf(kind: ConnectorKind): {
  files: boolean;
  mentions: boolean;
  isHuiban: boolean;
} {
  const c = getDescriptor(kind).commentWriteBack;
  return { files: c?.files ?? false, mentions: c?.mentions ?? false, isHuiban: c?.isHuiban ?? false };
}
