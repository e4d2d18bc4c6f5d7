'use client';

import { ExportOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ClientLinkButton } from '@/components/common/ClientLinkButton';
import { UserPicker } from '@/components/workflows/UserPicker';
import { WorkflowForm } from '@/components/workflows/WorkflowForm';
import { ApiError } from '@/lib/client/api-client';
import { issuesToFieldErrors } from '@/lib/client/form-issues';
import { useMoreAction, useResubmit, useResubmitForm } from '@/lib/client/queries/use-more-actions';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { GetMoreActionsResult } from '@/lib/tasks/actions/more-action-types';
import { REMARK_MAX_LENGTH } from '@/lib/tasks/actions/task-action-input';
import { ActionDialog } from './ActionDialog';

type Kind = 'append' | 'revert' | 'withdraw' | 'resubmit';
const KINDS: Kind[] = ['append', 'revert', 'withdraw', 'resubmit'];

/** Whether any of 加签 / 退回 / 撤回 / 再次提交 concerns the viewer here (in Huiban or in the source). */
export function hasMoreActions(more: GetMoreActionsResult | undefined): boolean {
  return !!more && KINDS.some((k) => more[k] !== 'none');
}

/**
 * 加签 / 退回 / 撤回 / 再次提交 on the instance page: 再次提交 as its own button for the originator of a returned
 * request, the others behind 更多 (a bottom sheet on a phone). An action the source does not take through its API
 * shows disabled with "在钉钉中操作" and the source's own page.
 */
export function MoreActions({
  instanceId,
  more,
  sourceName,
  sourceUrl,
}: {
  instanceId: string;
  more: GetMoreActionsResult;
  sourceName: string;
  sourceUrl: string | null;
}) {
  const t = useT('moreActions');
  const [open, setOpen] = useState<'list' | Kind | null>(null);
  const listed = KINDS.filter((k) => more[k] !== 'none' && !(k === 'resubmit' && more[k] === 'huiban'));
  return (
    <>
      {more.resubmit === 'huiban' && (
        <Button type="primary" data-testid="resubmit" onClick={() => setOpen('resubmit')}>
          {t('resubmit')}
        </Button>
      )}
      {listed.length > 0 && (
        <Button data-testid="more-actions" onClick={() => setOpen('list')}>
          {t('more')}
        </Button>
      )}
      <ActionDialog
        open={open === 'list'}
        title={t('more.title')}
        footer={null}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          {listed.map((k) => (
            <Flex key={k} vertical gap={4} data-testid={`more-${k}`}>
              <Button
                block
                disabled={more[k] !== 'huiban'}
                onClick={() => setOpen(k)}
                danger={k === 'revert'}
              >
                {t(k)}
              </Button>
              {more[k] === 'huiban' ? (
                <Typography.Text type="secondary">{t(`${k}.hint`)}</Typography.Text>
              ) : (
                <Flex align="center" gap={8} wrap>
                  <Typography.Text type="secondary">{t('inSource', { source: sourceName })}</Typography.Text>
                  {sourceUrl && (
                    <ClientLinkButton
                      size="small"
                      icon={<ExportOutlined />}
                      href={sourceUrl}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {t('inSource.open', { source: sourceName })}
                    </ClientLinkButton>
                  )}
                </Flex>
              )}
            </Flex>
          ))}
        </Flex>
      </ActionDialog>
      {(open === 'append' || open === 'revert' || open === 'withdraw') && (
        <TaskActionDialog kind={open} instanceId={instanceId} more={more} onClose={() => setOpen(null)} />
      )}
      {open === 'resubmit' && <ResubmitDialog instanceId={instanceId} onClose={() => setOpen(null)} />}
    </>
  );
}

function TaskActionDialog({
  kind,
  instanceId,
  more,
  onClose,
}: {
  kind: 'append' | 'revert' | 'withdraw';
  instanceId: string;
  more: GetMoreActionsResult;
  onClose(): void;
}) {
  const t = useT('moreActions');
  const toast = useToast();
  const act = useMoreAction(instanceId);
  const [position, setPosition] = useState(more.appendPositions[0] ?? 'before');
  const [activate, setActivate] = useState<'all' | 'oneByOne'>('all');
  const [people, setPeople] = useState<string[]>([]);
  const [target, setTarget] = useState<string>();
  const [remark, setRemark] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    const text = remark.trim();
    const taskId = kind === 'withdraw' ? more.withdrawTaskId : more.taskId;
    if (!taskId) return;
    if (kind === 'append' && people.length === 0) return setProblem(t('append.peopleRequired'));
    if (kind === 'revert' && !target) return setProblem(t('revert.targetRequired'));
    if (kind === 'revert' && !text) return setProblem(t('revert.remarkRequired'));
    const body =
      kind === 'append'
        ? { action: 'append' as const, position, activate, targetUserIds: people, remark: text || undefined }
        : kind === 'revert'
          ? { action: 'revert' as const, target: target ?? '', remark: text }
          : { action: 'withdraw' as const, remark: text || undefined };
    try {
      await act.mutateAsync({ taskId, body });
      toast.success(t('submitted', { action: t(kind) }));
      onClose();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };

  return (
    <ActionDialog
      open
      title={t(kind)}
      okText={t('submit')}
      cancelText={t('cancel')}
      confirmLoading={act.isPending}
      onCancel={onClose}
      onOk={submit}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        {kind === 'append' && (
          <>
            <Typography.Text strong>{t('append.position')}</Typography.Text>
            <Radio.Group
              value={position}
              onChange={(e) => setPosition(e.target.value)}
              options={more.appendPositions.map((p) => ({ value: p, label: t(`append.${p}`) }))}
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            />
            {position !== 'alongside' && (
              <>
                <Typography.Text strong>{t('append.activate')}</Typography.Text>
                <Radio.Group
                  value={activate}
                  onChange={(e) => setActivate(e.target.value)}
                  options={[
                    { value: 'all', label: t('append.all') },
                    { value: 'oneByOne', label: t('append.oneByOne') },
                  ]}
                />
              </>
            )}
            <Typography.Text strong>{t('append.people')}</Typography.Text>
            <UserPicker
              multiple
              data-testid="append-people"
              value={people}
              onChange={(v) => {
                setPeople(Array.isArray(v) ? v : v ? [v] : []);
                setProblem(null);
              }}
            />
          </>
        )}
        {kind === 'revert' && (
          <>
            <Typography.Text strong>{t('revert.target')}</Typography.Text>
            <Select
              data-testid="revert-target"
              value={target}
              onChange={(v) => {
                setTarget(v);
                setProblem(null);
              }}
              options={more.revertTargets.map((x) => ({
                value: x.id,
                label: x === more.revertTargets[0] ? t('revert.originator', { name: x.name }) : x.name,
              }))}
            />
          </>
        )}
        <Input.TextArea
          rows={3}
          value={remark}
          maxLength={REMARK_MAX_LENGTH}
          placeholder={kind === 'revert' ? t('remark.revert') : t('remark.optional')}
          onChange={(e) => {
            setRemark(e.target.value);
            setProblem(null);
          }}
        />
        {problem && (
          <Typography.Text type="danger" role="alert" data-testid="action-problem">
            {problem}
          </Typography.Text>
        )}
      </Flex>
    </ActionDialog>
  );
}

/** 再次提交: the returned request's form with its values, checked by the server as at start. */
function ResubmitDialog({ instanceId, onClose }: { instanceId: string; onClose(): void }) {
  const t = useT('moreActions');
  const toast = useToast();
  const [form] = Form.useForm();
  const data = useResubmitForm(instanceId, true);
  const resubmit = useResubmit(instanceId);
  const [remark, setRemark] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (data.data) form.setFieldsValue(data.data.values);
  }, [data.data, form]);

  const submit = (values: Record<string, unknown>) => {
    setProblem(null);
    resubmit.mutate(
      { values, remark: remark.trim() || undefined },
      {
        onSuccess: () => {
          toast.success(t('resubmit.submitted'));
          onClose();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 400 && error.issues && data.data) {
            const mapped = issuesToFieldErrors(error.issues, data.data.form.fields);
            form.setFields(mapped.fields);
            setProblem(mapped.other[0] ?? t('resubmit.fixErrors'));
          } else setProblem(error.message);
        },
      },
    );
  };

  return (
    <ActionDialog
      open
      title={t('resubmit.title')}
      okText={t('resubmit')}
      cancelText={t('cancel')}
      confirmLoading={resubmit.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      {data.data && <WorkflowForm name="resubmit" schema={data.data.form} form={form} onFinish={submit} />}
      <Input.TextArea
        rows={2}
        value={remark}
        maxLength={REMARK_MAX_LENGTH}
        placeholder={t('resubmit.remark')}
        onChange={(e) => setRemark(e.target.value)}
      />
      {problem && (
        <Typography.Text type="danger" role="alert" data-testid="action-problem">
          {problem}
        </Typography.Text>
      )}
    </ActionDialog>
  );
}
