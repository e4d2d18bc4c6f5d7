'use client';

import { Button, Drawer, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import type { FormField, WorkflowStep } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import { AssigneeFields } from './AssigneeFields';
import { AutomationFields } from './AutomationFields';
import { BranchFields } from './BranchFields';
import { DingTalkFields } from './DingTalkFields';
import { fromValues, toValues, type Values } from './step-values';

/** The settings of one step, in a drawer (per kind). */
export function StepDrawer({
  step,
  fields,
  onClose,
  onSave,
}: {
  step: WorkflowStep | null;
  fields: FormField[];
  onClose: () => void;
  onSave: (step: WorkflowStep) => void;
}) {
  const t = useT('workflows');
  return (
    <Drawer
      open={step !== null}
      onClose={onClose}
      // The form mounts only while open, with its own store: it starts from the step each time, and the
      // drawers of several step lists (branches) never render inputs with the same ids at once.
      destroyOnHidden
      size="large"
      title={step ? `${t('step.settings')} · ${t(`stepKind.${step.kind}`)}` : ''}
      extra={
        <Button type="primary" htmlType="submit" form="wf-step" data-testid="step-drawer-ok">
          {t('common.ok')}
        </Button>
      }
    >
      {step && <StepForm key={step.id} step={step} fields={fields} onSave={onSave} />}
    </Drawer>
  );
}

function StepForm({
  step,
  fields,
  onSave,
}: {
  step: WorkflowStep;
  fields: FormField[];
  onSave: (step: WorkflowStep) => void;
}) {
  const t = useT('workflows');
  const [form] = Form.useForm<Values>();
  return (
    <Form
      form={form}
      name="wf-step"
      layout="vertical"
      initialValues={toValues(step)}
      onFinish={(v) => onSave(fromValues(step, v, fields))}
    >
      <Form.Item
        name="name"
        label={t('step.name')}
        rules={[{ required: true, whitespace: true, message: t('step.nameRequired') }]}
      >
        <Input maxLength={60} />
      </Form.Item>
      {(step.kind === 'approval' || step.kind === 'cc') && <AssigneeFields form={form} fields={fields} />}
      {step.kind === 'approval' && (
        <>
          <Form.Item name="mode" label={t('step.mode')} extra={t('step.modeHint')}>
            <Radio.Group
              options={(['sequential', 'all', 'any'] as const).map((m) => ({
                value: m,
                label: t(`mode.${m}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('step.dueHours')} extra={t('sla:sla.stepHint')}>
            <Space.Compact>
              <Form.Item name={['sla', 'amount']} noStyle>
                <InputNumber aria-label={t('step.dueHours')} min={0.5} max={2000} step={0.5} />
              </Form.Item>
              <Form.Item name={['sla', 'unit']} noStyle initialValue="hours">
                <Select
                  aria-label={t('sla:sla.days')}
                  style={{ width: 120 }}
                  options={[
                    { value: 'hours', label: t('sla:sla.hours') },
                    { value: 'days', label: t('sla:sla.days') },
                  ]}
                />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </>
      )}
      {step.kind === 'condition' && <BranchFields form={form} fields={fields} />}
      {step.kind === 'dingtalkApproval' && <DingTalkFields form={form} fields={fields} />}
      {step.kind === 'automation' && <AutomationFields form={form} fields={fields} />}
    </Form>
  );
}
