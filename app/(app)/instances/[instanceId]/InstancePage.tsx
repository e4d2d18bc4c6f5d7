'use client';

import {
  ExportOutlined,
  MobileOutlined,
  PrinterOutlined,
  QuestionCircleOutlined,
  RedoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Flex,
  Input,
  Row,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { ClientLinkButton } from '@/components/common/ClientLinkButton';
import css from '@/components/layout/responsive.module.css';
import { ActionDialog } from '@/components/tasks/ActionDialog';
import {
  type CommentCapabilities,
  CommentExtras,
  type CommentExtrasValue,
} from '@/components/tasks/CommentExtras';
import { FormValues } from '@/components/tasks/FormValues';
import { isShortcutBlocked } from '@/components/tasks/keyboard';
import { hasMoreActions, MoreActions } from '@/components/tasks/MoreActions';
import { PendingStepText } from '@/components/tasks/PendingStepText';
import { ProcessTimeline } from '@/components/tasks/ProcessTimeline';
import { ShortcutHelp } from '@/components/tasks/ShortcutHelp';
import { SourceTag } from '@/components/tasks/SourceTag';
import { StickyActionBar } from '@/components/tasks/StickyActionBar';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { UrgeButton } from '@/components/tasks/UrgeButton';
import { ApiError } from '@/lib/client/api-client';
import { formatTime } from '@/lib/client/format-time';
import { useInbox, useMarkRead } from '@/lib/client/queries/use-inbox';
import {
  type TaskActionBody,
  useInstance,
  useRetryAction,
  useTaskAction,
  useUserSearch,
} from '@/lib/client/queries/use-instance';
import { useMoreActions } from '@/lib/client/queries/use-more-actions';
import { type UrgeStatus, useUrgeStatus } from '@/lib/client/queries/use-urge';
import { approvalLinkFor, useDingTalkClient } from '@/lib/client/use-dingtalk-client';
import { useToast } from '@/lib/client/use-toast';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import { REMARK_MAX_LENGTH } from '@/lib/tasks/actions/task-action-input';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { neighbour } from './neighbour';
import { SameApprovalCard } from './SameApprovalCard';

type Dialog = 'agree' | 'refuse' | 'transfer' | 'comment' | 'revoke';
const WRITE_BACK_COLOR: Record<string, string> = {
  pending: 'processing',
  confirmed: 'success',
  failed: 'error',
};

/**
 * An instance: header with links into the source, form values, process log, the viewer's actions with their
 * write-back state, and why the viewer sees it. Keyboard: a/r/c/t act, n/p next/previous pending task.
 */
export function InstancePage({
  initial,
  commentCapabilities,
}: {
  initial: InstanceDetail;
  commentCapabilities: CommentCapabilities;
}) {
  const t = useT('instance');
  const tc = useT('comments');
  const router = useRouter();
  const { data = initial } = useInstance(initial.id);
  const openTask = data.myTasks.find((x) => x.kind === 'approval' && x.status === 'pending' && !x.isActed);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const markRead = useMarkRead();
  const pending = useInbox('pending', {});
  // Inside the DingTalk client the native approval page opens there (§10.2): the mobile page on a phone.
  const sourceUrl = approvalLinkFor(useDingTalkClient(), data);

  // Opening a cc item marks it read (抄送我的 unread badge), as in DingTalk.
  const unreadCc = data.myTasks.filter((x) => x.kind === 'cc' && !x.isRead).map((x) => x.id);
  const marked = useRef(false);
  useEffect(() => {
    if (unreadCc.length && !marked.current) {
      marked.current = true;
      markRead.mutate(unreadCc);
    }
  }, [unreadCc, markRead]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialog || isShortcutBlocked(event)) return;
      const keys: Record<string, Dialog> = { a: 'agree', r: 'refuse', c: 'comment', t: 'transfer' };
      const chosen = keys[event.key];
      if (chosen && openTask) {
        event.preventDefault();
        setDialog(chosen);
        return;
      }
      if (event.key === 'n' || event.key === 'p') {
        const next = neighbour(pending.data?.items ?? [], data.id, event.key === 'n' ? 1 : -1);
        if (next) router.push(`/instances/${next.instanceId}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openTask, dialog, pending.data, data.id, router]);

  return (
    <Row gutter={[16, 16]} className={css.underActionBar}>
      <Col xs={24} lg={16}>
        <Card>
          <Flex justify="space-between" align="start" wrap gap={8}>
            <Flex vertical gap={4} style={{ minWidth: 0 }}>
              <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }}>
                {data.title}
              </Typography.Title>
              <Space wrap>
                <span data-testid="instance-source">
                  <SourceTag source={data.source} />
                </span>
                <TaskStatusTag status={data.status} result={data.result} />
                {data.processName && <Typography.Text type="secondary">{data.processName}</Typography.Text>}
                <Typography.Text type="secondary">
                  {data.originatorName} · {formatTime(data.createdAt)}
                  {data.finishedAt ? ` — ${formatTime(data.finishedAt)}` : ''}
                </Typography.Text>
              </Space>
              {data.pendingStep && (
                <div data-testid="instance-holder">
                  <Typography.Text type="secondary">{t('pending.label')}</Typography.Text>
                  <PendingStepText step={data.pendingStep} />
                </div>
              )}
            </Flex>
            <Space wrap>
              <Button
                icon={<PrinterOutlined />}
                href={`/instances/${data.id}/print`}
                target="_blank"
                data-testid="print-button"
              >
                {tc('print')}
              </Button>
              {sourceUrl && (
                <ClientLinkButton icon={<ExportOutlined />} href={sourceUrl} target="_blank" rel="noreferrer">
                  {t('openIn', { source: t(`source:${data.source}`) })}
                </ClientLinkButton>
              )}
              {data.mobileUrl && sourceUrl !== data.mobileUrl && (
                <ClientLinkButton
                  icon={<MobileOutlined />}
                  href={data.mobileUrl}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t('mobile')}
                </ClientLinkButton>
              )}
            </Space>
          </Flex>
          <div style={{ marginTop: 16 }}>
            <FormValues values={data.formValues} attachments={data.attachments} />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Flex vertical gap={16}>
          <ActionsCard
            instance={data}
            taskId={openTask?.id}
            onBehalfOfName={openTask?.onBehalfOfName ?? null}
            dialog={dialog}
            setDialog={setDialog}
            sourceUrl={sourceUrl ?? null}
            commentCapabilities={commentCapabilities}
          />
          <Card title={t('log')}>
            <ProcessTimeline logs={data.logs} pendingStep={data.pendingStep} />
          </Card>
          <SameApprovalCard copies={data.sameApproval ?? []} />
          <WhyCard instance={data} />
        </Flex>
      </Col>
    </Row>
  );
}

/** 为什么我能看到这条待办: the rule and the identity mapping that put this instance in the viewer's lists. */
function WhyCard({ instance }: { instance: InstanceDetail }) {
  const t = useT('instance');
  return (
    <Collapse
      size="small"
      items={[
        {
          key: 'why',
          label: (
            <Space>
              <QuestionCircleOutlined />
              {t('why')}
            </Space>
          ),
          children: (
            <Flex vertical gap={8} data-testid="why-panel">
              {instance.visibility.map((v) => (
                <Flex vertical key={`${v.reason}-${v.externalUserId}-${v.nodeName}`}>
                  <Typography.Text strong>{t(`why.${v.reason}` as MessageKey<'instance'>)}</Typography.Text>
                  {v.externalUserId && (
                    <Typography.Text type="secondary">
                      {t('why.identity', { connector: v.connectorName, id: v.externalUserId })}
                    </Typography.Text>
                  )}
                  {v.matchedBy && (
                    <Typography.Text type="secondary">
                      {t('why.matchedBy', { how: v.matchedBy })}
                    </Typography.Text>
                  )}
                  {v.nodeName && (
                    <Typography.Text type="secondary">{t('why.node', { node: v.nodeName })}</Typography.Text>
                  )}
                </Flex>
              ))}
            </Flex>
          ),
        },
      ]}
    />
  );
}

function ActionsCard({
  instance,
  taskId: openTaskId,
  onBehalfOfName,
  dialog,
  setDialog,
  sourceUrl,
  commentCapabilities,
}: {
  instance: InstanceDetail;
  taskId?: string;
  /** 代理: the task is someone else's, held by the viewer as their delegate. */
  onBehalfOfName: string | null;
  dialog: Dialog | null;
  setDialog(d: Dialog | null): void;
  sourceUrl: string | null;
  commentCapabilities: CommentCapabilities;
}) {
  const t = useT('instance');
  const td = useT('delegation');
  // 加签 / 退回 / 撤回 / 再次提交: asked again whenever the instance changes.
  const version = `${instance.status}:${instance.logs.length}:${instance.myTasks.map((x) => x.status).join()}`;
  const more = useMoreActions(instance.id, version, instance.status === 'running').data;
  const hasMore = hasMoreActions(more);
  // A request sent back to its originator: their item is for 再次提交 only (no agree / refuse on it).
  const taskId = more?.resubmit === 'huiban' ? undefined : openTaskId;
  const [extras, setExtras] = useState<CommentExtrasValue>({ mentions: [], files: [] });
  const [isPickerOpen, setPickerOpen] = useState(false);
  const pickerRef = useRef<{ focus(): void } | null>(null);
  const toast = useToast();
  const act = useTaskAction(instance.id);
  const retry = useRetryAction(instance.id);
  const [remark, setRemark] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [target, setTarget] = useState<string>();
  const [q, setQ] = useState('');
  const people = useUserSearch(q);
  const name = (action: string) => t(`action.${action}` as MessageKey<'instance'>);

  const close = () => {
    setDialog(null);
    setRemark('');
    setProblem(null);
    setExtras({ mentions: [], files: [] });
    setPickerOpen(false);
  };

  async function submit(body: TaskActionBody | { action: 'revoke'; remark?: string }, onTask: boolean) {
    try {
      const answer = await act.mutateAsync({ taskId: onTask ? taskId : undefined, body });
      toast.success(
        answer.transferredToDelegate ? td('transferred') : t('submitted', { action: name(body.action) }),
      );
      close();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('submitFailed'));
    }
  }

  const onOk = () => {
    const text = remark.trim();
    if (dialog === 'refuse' && !text) return setProblem(t('remark.required'));
    if (dialog === 'comment' && !text) return setProblem(t('remark.commentRequired'));
    if (dialog === 'transfer' && !target) return setProblem(t('transfer.required'));
    if (dialog === 'agree') return submit({ action: 'agree', remark: text || undefined }, true);
    if (dialog === 'refuse') return submit({ action: 'refuse', remark: text }, true);
    if (dialog === 'comment')
      return submit(
        {
          action: 'comment',
          remark: text,
          mentionUserIds: extras.mentions.map((m) => m.value),
          uploadIds: extras.files.map((f) => f.fileId),
        },
        true,
      );
    if (dialog === 'transfer' && target)
      return submit({ action: 'transfer', targetUserId: target, remark: text || undefined }, true);
    if (dialog === 'revoke') return submit({ action: 'revoke', remark: text || undefined }, false);
  };

  const canRevoke = instance.isOriginator && instance.status === 'running';
  // 催办: the originator or an admin, while the request runs (the server decides; docs/reminders.md).
  const urgeStatus = useUrgeStatus(instance.id, instance.status === 'running');
  const canUrge = instance.status === 'running' && urgeStatus.data?.canUrge === true;
  const buttons = (
    <>
      {taskId && (
        <>
          <Button type="primary" onClick={() => setDialog('agree')} loading={act.isPending}>
            {name('agree')}
          </Button>
          <Button danger onClick={() => setDialog('refuse')}>
            {name('refuse')}
          </Button>
          <Button onClick={() => setDialog('transfer')}>{name('transfer')}</Button>
          <Button onClick={() => setDialog('comment')}>{name('comment')}</Button>
        </>
      )}
      {canUrge && <UrgeButton instanceId={instance.id} nextAllowedAt={urgeStatus.data?.nextAllowedAt} />}
      {more && hasMore && (
        <MoreActions
          instanceId={instance.id}
          more={more}
          sourceName={t(`source:${instance.source}`)}
          sourceUrl={sourceUrl}
        />
      )}
      {canRevoke && <Button onClick={() => setDialog('revoke')}>{name('revoke')}</Button>}
    </>
  );
  return (
    <>
      {/* On a phone the buttons live in the sticky bar: the card then only shows when it has more to say. */}
      <Card
        title={t('act')}
        extra={<ShortcutHelpOnDesktop />}
        className={
          (taskId || canRevoke || canUrge || hasMore) &&
          instance.myActions.length === 0 &&
          !urgeStatus.data?.last &&
          !onBehalfOfName
            ? css.desktopOnly
            : undefined
        }
      >
        {taskId && onBehalfOfName && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="delegated-holding"
            title={td('holding', { name: onBehalfOfName })}
          />
        )}
        <Space wrap className={css.desktopOnly}>
          {buttons}
        </Space>
        {!taskId && !canRevoke && !canUrge && !hasMore && (
          <Typography.Text type="secondary">{t('nothingToDo')}</Typography.Text>
        )}
        {urgeStatus.data?.last && <LastUrge last={urgeStatus.data.last} />}
        {instance.myActions.length > 0 && (
          <Flex vertical gap={8} style={{ marginTop: 16 }} data-testid="my-actions">
            {instance.myActions.map((a) => (
              <Flex key={a.id} justify="space-between" align="center" wrap gap={4}>
                <span>
                  {name(a.action)} · {formatTime(a.createdAt, 'dayTime')}
                  {a.actedByName && (
                    <Typography.Text type="secondary" data-testid="acted-by-delegate">
                      {' · '}
                      {td('actedBy', { delegate: a.actedByName, assignee: a.onBehalfOfName ?? '' })}
                    </Typography.Text>
                  )}
                </span>
                <Space wrap>
                  <Tag color={WRITE_BACK_COLOR[a.writeBackStatus]}>
                    {t(`writeBack.${a.writeBackStatus}` as MessageKey<'instance'>)}
                  </Tag>
                  {a.writeBackStatus === 'pending' && a.lastError && (
                    <Tooltip title={a.lastError}>
                      <Typography.Text
                        type="warning"
                        style={{ fontSize: 12 }}
                        data-testid="write-back-retrying"
                      >
                        {t('writeBack.retrying', { n: a.attempts })}
                      </Typography.Text>
                    </Tooltip>
                  )}
                  {a.writeBackStatus === 'failed' && (
                    <>
                      {a.lastError && (
                        <Typography.Text type="danger" style={{ fontSize: 12 }}>
                          {a.lastError}
                        </Typography.Text>
                      )}
                      <Button
                        size="small"
                        icon={<RedoOutlined />}
                        loading={retry.isPending}
                        onClick={() =>
                          retry.mutate(a.id, {
                            onSuccess: () => toast.success(t('retried')),
                            onError: toast.error,
                          })
                        }
                      >
                        {t('retry')}
                      </Button>
                    </>
                  )}
                </Space>
              </Flex>
            ))}
          </Flex>
        )}
      </Card>
      {(taskId || canRevoke || canUrge || hasMore) && <StickyActionBar>{buttons}</StickyActionBar>}
      <ActionDialog
        open={dialog !== null}
        title={dialog ? name(dialog) : ''}
        okText={t('submit')}
        cancelText={t('cancel')}
        confirmLoading={act.isPending}
        onCancel={close}
        onOk={onOk}
        destroyOnHidden
      >
        {dialog === 'transfer' && (
          <Select
            showSearch
            placeholder={t('transfer.pick')}
            style={{ width: '100%', marginBottom: 12 }}
            filterOption={false}
            onSearch={setQ}
            onChange={(v) => {
              setTarget(v);
              setProblem(null);
            }}
            value={target}
            options={(people.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.name}${u.department ? ` · ${u.department}` : ''}`,
            }))}
          />
        )}
        <Input.TextArea
          autoFocus
          rows={3}
          value={remark}
          status={problem && dialog !== 'transfer' ? 'error' : undefined}
          onChange={(e) => {
            setRemark(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            // Typing @ in a comment opens the people picker (the @ is the picker's prefix: it must not land in
            // the picker's search, where focus moves before the character is typed).
            if (dialog !== 'comment' || e.key !== '@') return;
            e.preventDefault();
            setPickerOpen(true);
            pickerRef.current?.focus();
          }}
          placeholder={
            dialog === 'refuse'
              ? t('remark.refuse')
              : dialog === 'comment'
                ? t('remark.comment')
                : t('remark.optional')
          }
          maxLength={REMARK_MAX_LENGTH}
        />
        {dialog === 'comment' && (
          <CommentExtras
            value={extras}
            onChange={setExtras}
            capabilities={commentCapabilities}
            sourceName={t(`source:${instance.source}`)}
            pickerRef={pickerRef}
            open={isPickerOpen}
            onOpenChange={setPickerOpen}
          />
        )}
        {problem && (
          <Typography.Text type="danger" role="alert" data-testid="action-problem">
            {problem}
          </Typography.Text>
        )}
      </ActionDialog>
    </>
  );
}

/** The help button, on screens with a keyboard. */
function ShortcutHelpOnDesktop() {
  return (
    <span className={css.desktopOnly}>
      <ShortcutHelp />
    </span>
  );
}

const URGE_COLOR: Record<string, string> = {
  pending: 'processing',
  sent: 'success',
  not_notified: 'warning',
  failed: 'error',
};

/** The last 催办 of the request: who urged when, and for each approver whether the notice reached them. */
function LastUrge({ last }: { last: NonNullable<UrgeStatus['last']> }) {
  const t = useT('reminders');
  return (
    <Flex vertical gap={4} style={{ marginTop: 12 }} data-testid="last-urge">
      <Typography.Text type="secondary">
        {t('urge.last', { name: last.urgedByName ?? '—', time: formatTime(last.urgedAt, 'dayTime') })}
      </Typography.Text>
      <Space wrap size={[4, 4]}>
        {last.notices.map((n) => (
          <Tag key={n.name} color={URGE_COLOR[n.status]} data-testid="urge-notice" data-status={n.status}>
            {n.name} · {t(`urge.status.${n.status}`)}
            {n.reason === 'no_dingtalk_account' || n.reason === 'no_agent_id'
              ? ` (${t(`urge.reason.${n.reason}`)})`
              : ''}
          </Tag>
        ))}
      </Space>
    </Flex>
  );
}
