import type { ComponentType, ReactNode } from 'react';
import type { ConnectorDetail } from '@/lib/client/queries/use-connectors';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import type { MessageKey, QualifiedKey } from '@/lib/i18n/catalog';
import type { T } from '@/lib/i18n/translate';

export type ConnectorOf<K extends ConnectorKind> = Extract<ConnectorDetail, { kind: K }>;

/** The process-wide hosts a form shows as placeholders (from the kind's descriptor `admin.formDefaults`). */
export type FormDefaults = { apiBase: string; oapiBase: string };

/** What a kind's "新建" form gets: the hosts for its placeholders, and what to do with the created id. */
export type NewConnectorFormProps = { defaults: FormDefaults | null; done: (connectorId: string) => void };

/** One row of the connector page's state card; `afterHealth` rows follow the health row. */
export type DetailItem = { key: string; label: ReactNode; children: ReactNode; afterHealth?: boolean };

/**
 * What the admin connector pages (list, new, detail) show for one source kind. Every kind has one, in
 * `kind-ui-map.ts`, so a kind without its UI is a type error.
 */
export type KindUi<K extends ConnectorKind = ConnectorKind> = {
  /** The list's 类型 column (a message key). */
  label: QualifiedKey;
  /** The list's 接收方式 column (a message key); absent: "—". */
  receiveMode?(connector: ConnectorOf<K>): QualifiedKey;
  /** The list links the name to the connector's page. */
  hasDetailPage: boolean;
  /** Absent: admins do not create this kind (the system does). */
  create?: {
    /** The list's "新建…" button (a message key) and where it leads. */
    buttonLabel: QualifiedKey;
    href: string;
    isPrimary?: boolean;
    /** The new page's kind switch and title (message keys). */
    segmentLabel: QualifiedKey;
    title: QualifiedKey;
    Form: ComponentType<NewConnectorFormProps>;
  };
  detail: {
    items?(connector: ConnectorOf<K>, ctx: { appUrl: string; t: T<'connectors'> }): DetailItem[];
    /** Under the state rows (push URLs, setup hints). */
    Notes?: ComponentType<{ connector: ConnectorOf<K>; appUrl: string }>;
    /** The success line of "测试连接" (a message key with `{ms}`); absent: the kind has nothing to test. */
    testSuccess?: QualifiedKey;
    /** The right column (settings form, API access); absent: "此类连接器不在这里编辑。". */
    Side?: ComponentType<{
      connector: ConnectorOf<K>;
      appUrl: string;
      defaults: FormDefaults | null;
      save: (body: Record<string, unknown>) => Promise<void>;
    }>;
  };
  /** The admin task list offers "取消流程" for its instances (the local engine's own; /api/admin/local-instances). */
  adminCancelsInstances?: boolean;
  /** The sync-health page's "连接" line when the connector has no Stream (a key of the ops messages). */
  healthPushKey?: Extract<MessageKey<'ops'>, `health.${string}`>;
};
