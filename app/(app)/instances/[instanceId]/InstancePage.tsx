'use client';

import { ExportOutlined, MobileOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { AttachmentList } from '@/components/tasks/AttachmentList';
import { ProcessTimeline } from '@/components/tasks/ProcessTimeline';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { ApiError } from '@/lib/client/api-client';
import {
  type TaskActionBody,
  useInstance,
  useTaskAction,
  useUserSearch,
} from '@/lib/client/queries/use-instance';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';

const WRITE_BACK: Record<string, { label: string; color: string }> = {
  pending: { label: '提交中', color: 'processing' },
  confirmed: { label: '已同步', color: 'success' },
  failed: { label: '失败', color: 'error' },
};
const ACTION_NAME: Record<string, string> = {
  agree: '同意',
  refuse: '拒绝',
  transfer: '转交',
  comment: '评论',
  revoke: '撤销',
};

/** Where an instance comes from, for the header tag and the "open in …" button. */
const SOURCE_LABEL: Record<InstanceDetail['source'], string> = {
  dingtalk: '钉钉',
  yida: '宜搭',
  local: '汇办',
  api: '开放 API',
};

/** An instance: header with links into the source, form values, process log, and the viewer's actions. */
export function InstancePage({ initial }: { initial: InstanceDetail }) {
  const { data = initial } = useInstance(initial.id);
  const openTask = data.myTasks.find((t) => t.kind === 'approval' && t.status === 'pending' && !t.isActed);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card>
          <Flex justify="space-between" align="start" wrap gap={8}>
            <Space direction="vertical" size={4}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {data.title}
              </Typography.Title>
              <Space>
                <Tag data-testid="instance-source">{SOURCE_LABEL[data.source]}</Tag>
                <TaskStatusTag status={data.status} result={data.result} />
                <Typography.Text type="secondary">
                  {data.originatorName} · {dayjs(data.createdAt).format('YYYY-MM-DD HH:mm')}
                  {data.finishedAt ? ` — ${dayjs(data.finishedAt).format('YYYY-MM-DD HH:mm')}` : ''}
                </Typography.Text>
              </Space>
            </Space>
            <Space>
              {data.pcUrl && (
                <Button icon={<ExportOutlined />} href={data.pcUrl} target="_blank" rel="noreferrer">
                  在{SOURCE_LABEL[data.source]}中打开
                </Button>
              )}
              {data.mobileUrl && (
                <Button icon={<MobileOutlined />} href={data.mobileUrl} target="_blank" rel="noreferrer">
                  移动端
                </Button>
              )}
            </Space>
          </Flex>
          <Descriptions column={1} bordered size="small" style={{ marginTop: 16 }}>
            {data.formValues
              .filter((v) => v.type !== 'DDAttachment')
              .map((v, i) => (
                <Descriptions.Item key={v.id ?? `${v.name}-${i}`} label={v.name}>
                  {formatValue(v.value, v.display)}
                </Descriptions.Item>
              ))}
            {data.attachments.length > 0 && (
              <Descriptions.Item label="附件">
                <AttachmentList files={data.attachments} />
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <ActionsCard instance={data} taskId={openTask?.id} />
          <Card title="审批记录">
            <ProcessTimeline logs={data.logs} />
          </Card>
        </Space>
      </Col>
    </Row>
  );
}

/** Form values as text: arrays and objects (tables, multi-selects) joined readably; rendered inert, never as HTML. */
function formatValue(value: unknown, display?: string): string {
  if (value === null || value === undefined || value === '') return display || '—';
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function ActionsCard({ instance, taskId }: { instance: InstanceDetail; taskId?: string }) {
  const { message } = App.useApp();
  const act = useTaskAction(instance.id);
  const [dialog, setDialog] = useState<null | 'refuse' | 'transfer' | 'comment' | 'agree' | 'revoke'>(null);
  const [remark, setRemark] = useState('');
  const [target, setTarget] = useState<string>();
  const [q, setQ] = useState('');
  const people = useUserSearch(q);

  async function submit(body: TaskActionBody | { action: 'revoke'; remark?: string }, onTask: boolean) {
    try {
      await act.mutateAsync({ taskId: onTask ? taskId : undefined, body });
      void message.success(`${ACTION_NAME[body.action]}已提交`);
      setDialog(null);
      setRemark('');
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : '提交失败');
    }
  }

  const canRevoke = instance.isOriginator && instance.status === 'running';
  return (
    <Card title="处理">
      <Space wrap>
        {taskId && (
          <>
            <Button type="primary" onClick={() => setDialog('agree')} loading={act.isPending}>
              同意
            </Button>
            <Button danger onClick={() => setDialog('refuse')}>
              拒绝
            </Button>
            <Button onClick={() => setDialog('transfer')}>转交</Button>
          </>
        )}
        {instance.myTasks.length > 0 && taskId && <Button onClick={() => setDialog('comment')}>评论</Button>}
        {canRevoke && <Button onClick={() => setDialog('revoke')}>撤销</Button>}
        {!taskId && !canRevoke && <Typography.Text type="secondary">暂无需要您处理的事项</Typography.Text>}
      </Space>
      {instance.myActions.length > 0 && (
        <Space direction="vertical" style={{ marginTop: 16, width: '100%' }} data-testid="my-actions">
          {instance.myActions.map((a) => (
            <Flex key={a.id} justify="space-between" align="center">
              <span>
                {ACTION_NAME[a.action]} · {dayjs(a.createdAt).format('MM-DD HH:mm')}
              </span>
              <Space>
                <Tag color={WRITE_BACK[a.writeBackStatus]?.color}>{WRITE_BACK[a.writeBackStatus]?.label}</Tag>
                {a.writeBackStatus === 'failed' && a.lastError && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {a.lastError}
                  </Typography.Text>
                )}
              </Space>
            </Flex>
          ))}
        </Space>
      )}
      <Modal
        open={dialog !== null}
        title={dialog ? ACTION_NAME[dialog] : ''}
        okText="提交"
        cancelText="取消"
        confirmLoading={act.isPending}
        onCancel={() => setDialog(null)}
        okButtonProps={{
          disabled:
            ((dialog === 'refuse' || dialog === 'comment') && !remark.trim()) ||
            (dialog === 'transfer' && !target),
        }}
        onOk={() => {
          if (dialog === 'agree') return submit({ action: 'agree', remark: remark || undefined }, true);
          if (dialog === 'refuse') return submit({ action: 'refuse', remark }, true);
          if (dialog === 'comment') return submit({ action: 'comment', remark }, true);
          if (dialog === 'transfer' && target)
            return submit({ action: 'transfer', targetUserId: target, remark: remark || undefined }, true);
          if (dialog === 'revoke') return submit({ action: 'revoke', remark: remark || undefined }, false);
        }}
      >
        {dialog === 'transfer' && (
          <Select
            showSearch
            placeholder="选择转交对象"
            style={{ width: '100%', marginBottom: 12 }}
            filterOption={false}
            onSearch={setQ}
            onChange={setTarget}
            value={target}
            options={(people.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.name}${u.department ? ` · ${u.department}` : ''}`,
            }))}
          />
        )}
        <Input.TextArea
          rows={3}
          value={remark}
          onChange={(e) => setRemark(e.target.value)}
          placeholder={
            dialog === 'refuse'
              ? '请填写拒绝理由（必填）'
              : dialog === 'comment'
                ? '评论内容'
                : '审批意见（选填）'
          }
          maxLength={1000}
        />
      </Modal>
    </Card>
  );
}
