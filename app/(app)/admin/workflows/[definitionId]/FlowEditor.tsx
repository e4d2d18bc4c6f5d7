'use client';

import {
  ApiOutlined,
  ArrowDownOutlined,
  ArrowUpOutlined,
  AuditOutlined,
  BranchesOutlined,
  CopyOutlined,
  DeleteOutlined,
  DingdingOutlined,
  EditOutlined,
  FlagOutlined,
  PlusOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Card, Dropdown, Flex, Space, Tag, Typography, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useUsersByIds } from '@/lib/client/queries/use-workflows';
import { assigneeSummary, move, newStep, STEP_KINDS, type StepKind } from '@/lib/client/workflow-designer';
import type { FormField, WorkflowStep } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import type { T as TFor } from '@/lib/i18n/translate';
import { StepDrawer } from './StepDrawer';

const ICON: Record<StepKind, React.ReactNode> = {
  approval: <AuditOutlined />,
  cc: <CopyOutlined />,
  condition: <BranchesOutlined />,
  dingtalkApproval: <DingdingOutlined />,
  automation: <ApiOutlined />,
};

type Ctx = { fields: FormField[]; allSteps: WorkflowStep[]; names: Map<string, string> };

function collectUserIds(steps: WorkflowStep[]): string[] {
  return steps.flatMap((s) => {
    if ((s.kind === 'approval' || s.kind === 'cc') && s.assignee?.type === 'users') return s.assignee.userIds;
    if (s.kind === 'condition') return s.branches.flatMap((b) => collectUserIds(b.steps));
    return [];
  });
}

/** 流程设计: the flow top to bottom, from 发起人 to 结束; condition branches hold their own step lists. */
export function FlowEditor({
  steps,
  fields,
  onChange,
}: {
  steps: WorkflowStep[];
  fields: FormField[];
  onChange: (steps: WorkflowStep[]) => void;
}) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const userIds = useMemo(() => [...new Set(collectUserIds(steps))], [steps]);
  const users = useUsersByIds(userIds);
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const ctx: Ctx = { fields, allSteps: steps, names };
  return (
    <Flex vertical align="stretch" gap={token.marginXS} style={{ maxWidth: 960 }}>
      <Node>
        <Tag icon={<UserOutlined />} color="blue">
          {t('flow.start')}
        </Tag>
      </Node>
      <StepList steps={steps} onChange={onChange} ctx={ctx} testId="flow-root" />
      <Node>
        <Tag icon={<FlagOutlined />}>{t('flow.end')}</Tag>
      </Node>
    </Flex>
  );
}

function Node({ children }: { children: React.ReactNode }) {
  return <Flex justify="center">{children}</Flex>;
}

function Connector() {
  const { token } = theme.useToken();
  return (
    <Flex justify="center">
      <div style={{ width: 2, height: token.marginMD, background: token.colorBorder }} />
    </Flex>
  );
}

function StepList({
  steps,
  onChange,
  ctx,
  testId,
}: {
  steps: WorkflowStep[];
  onChange: (steps: WorkflowStep[]) => void;
  ctx: Ctx;
  testId: string;
}) {
  const t = useT('workflows');
  const [editing, setEditing] = useState<number | null>(null);
  const add = (kind: StepKind) => {
    // New ids are unique across the whole flow, including the steps added in this list just now.
    const next = [...steps, newStep(kind, t(`stepKind.${kind}`), [...ctx.allSteps, ...steps])];
    onChange(next);
    if (kind !== 'condition') setEditing(next.length - 1);
  };
  return (
    <Flex vertical gap={0} data-testid={testId}>
      {steps.map((step, index) => (
        <div key={step.id}>
          <Connector />
          <StepCard
            step={step}
            ctx={ctx}
            isFirst={index === 0}
            isLast={index === steps.length - 1}
            onEdit={() => setEditing(index)}
            onMove={(delta) => onChange(move(steps, index, delta))}
            onRemove={() => onChange(steps.filter((_, i) => i !== index))}
            onChange={(s) => onChange(steps.map((x, i) => (i === index ? s : x)))}
          />
        </div>
      ))}
      <Connector />
      <Flex justify="center">
        <Dropdown
          trigger={['click']}
          menu={{
            items: STEP_KINDS.map((kind) => ({
              key: kind,
              icon: ICON[kind],
              label: t(`stepKind.${kind}`),
            })),
            onClick: ({ key }) => add(key as StepKind),
          }}
        >
          <Button type="dashed" size="small" icon={<PlusOutlined />}>
            {t('flow.addStep')}
          </Button>
        </Dropdown>
      </Flex>
      <StepDrawer
        step={editing === null ? null : (steps[editing] ?? null)}
        fields={ctx.fields}
        onClose={() => setEditing(null)}
        onSave={(s) => {
          onChange(steps.map((x, i) => (i === editing ? s : x)));
          setEditing(null);
        }}
      />
    </Flex>
  );
}

function StepCard({
  step,
  ctx,
  isFirst,
  isLast,
  onEdit,
  onMove,
  onRemove,
  onChange,
}: {
  step: WorkflowStep;
  ctx: Ctx;
  isFirst: boolean;
  isLast: boolean;
  onEdit: () => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  onChange: (step: WorkflowStep) => void;
}) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const actions = (
    <Space size={0}>
      <Button
        type="text"
        size="small"
        icon={<ArrowUpOutlined />}
        aria-label={t('common.moveUp')}
        disabled={isFirst}
        onClick={() => onMove(-1)}
      />
      <Button
        type="text"
        size="small"
        icon={<ArrowDownOutlined />}
        aria-label={t('common.moveDown')}
        disabled={isLast}
        onClick={() => onMove(1)}
      />
      <Button
        type="text"
        size="small"
        icon={<EditOutlined />}
        aria-label={t('common.edit')}
        onClick={onEdit}
      />
      <Button
        type="text"
        size="small"
        danger
        icon={<DeleteOutlined />}
        aria-label={t('common.remove')}
        onClick={onRemove}
      />
    </Space>
  );
  const title = (
    <Space>
      {ICON[step.kind]}
      <span>{step.name}</span>
      <Tag>{t(`stepKind.${step.kind}`)}</Tag>
    </Space>
  );
  if (step.kind === 'condition')
    return (
      <Card
        size="small"
        title={title}
        extra={actions}
        data-testid="flow-step"
        style={{ borderColor: token.colorWarningBorder }}
      >
        <Flex gap={token.marginSM} wrap align="stretch">
          {step.branches.map((branch, b) => (
            <Card
              // biome-ignore lint/suspicious/noArrayIndexKey: branches have no id; they are reordered only in the drawer
              key={`${b}-${branch.name}`}
              size="small"
              type="inner"
              style={{ flex: '1 1 260px', background: token.colorFillQuaternary }}
              title={
                <Space orientation="vertical" size={0}>
                  <span>{branch.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                    {branch.when ? describeWhen(branch.when, ctx.fields, t) : t('flow.else')}
                  </Typography.Text>
                </Space>
              }
            >
              <StepList
                steps={branch.steps}
                ctx={ctx}
                testId={`flow-branch-${b}`}
                onChange={(steps) =>
                  onChange({
                    ...step,
                    branches: step.branches.map((x, i) => (i === b ? { ...x, steps } : x)),
                  })
                }
              />
            </Card>
          ))}
        </Flex>
      </Card>
    );
  return (
    <Card size="small" title={title} extra={actions} data-testid="flow-step">
      <Typography.Text type="secondary">{describeStep(step, ctx, t)}</Typography.Text>
    </Card>
  );
}

type T = TFor<'workflows'>;

function describeWhen(
  when: NonNullable<Extract<WorkflowStep, { kind: 'condition' }>['branches'][number]['when']>,
  fields: FormField[],
  t: T,
) {
  const label = fields.find((f) => f.key === when.fieldKey)?.label ?? when.fieldKey;
  const value =
    when.op === 'empty' || when.op === 'notEmpty'
      ? ''
      : ` ${Array.isArray(when.value) ? when.value.join(t('common:listSeparator')) : String(when.value ?? '')}`;
  return `${label} ${t(`op.${when.op}`)}${value}`;
}

function describeStep(step: WorkflowStep, ctx: Ctx, t: T): string {
  switch (step.kind) {
    case 'approval': {
      const who = assigneeSummary(step.assignee, ctx.names, ctx.fields);
      const due = step.sla
        ? ` · ${t(step.sla.unit === 'hours' ? 'sla:sla.summaryHours' : 'sla:sla.summaryDays', { n: step.sla.amount })}`
        : step.dueHours
          ? ` · ${t('step.dueN', { n: step.dueHours })}`
          : '';
      return `${t(who.key, who.vars)} · ${t(`mode.${step.mode}`)}${due}`;
    }
    case 'cc': {
      const who = assigneeSummary(step.assignee, ctx.names, ctx.fields);
      return t(who.key, who.vars);
    }
    case 'dingtalkApproval':
      return step.processCode
        ? t('step.dingtalkSummary', { code: step.processCode, n: step.fieldMap.length })
        : t('step.notConfigured');
    case 'automation':
      return step.action.type === 'webhook'
        ? `Webhook ${step.action.url || t('step.notConfigured')}`
        : t('step.connectSummary', { action: step.action.actionId || '—' });
    default:
      return '';
  }
}
