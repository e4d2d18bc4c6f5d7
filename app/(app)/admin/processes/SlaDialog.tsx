'use client';

import { Checkbox, Flex, Form, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import { useProcessLabel } from '@/components/tasks/process-label';
import type { SourceKind } from '@/components/tasks/SourceTag';
import { useT } from '@/lib/i18n/locale-context';
import type { ProcessSettingRow } from '@/lib/operations/process-settings';
import type { ProcessSlaRule } from '@/lib/sla/sla-rule';

type Values = {
  enabled: boolean;
  amount: number;
  unit: 'hours' | 'days';
  remind: boolean;
  remindAtPercent: number;
  notifyManagerWhenOverdue: boolean;
  afterAction: 'none' | 'transfer' | 'agree' | 'refuse';
  afterAmount: number;
  afterUnit: 'hours' | 'days';
};

/** One process's due time and escalation rules (流程设置 → 时限). Saving null removes the SLA. */
export function SlaDialog({
  row,
  onCancel,
  onSave,
  saving,
}: {
  row: ProcessSettingRow;
  onCancel: () => void;
  onSave: (sla: ProcessSlaRule | null) => void;
  saving: boolean;
}) {
  const t = useT('sla');
  const processLabel = useProcessLabel();
  const [form] = Form.useForm<Values>();
  const enabled = Form.useWatch('enabled', form) ?? row.sla !== null;
  const remind = Form.useWatch('remind', form) ?? (row.sla?.remindAtPercent ?? 80) !== null;
  const afterAction = Form.useWatch('afterAction', form) ?? row.sla?.afterOverdue?.action ?? 'none';
  const unitOptions = [
    { value: 'hours', label: t('sla.hours') },
    { value: 'days', label: t('sla.days') },
  ];
  const s = row.sla;
  return (
    <Modal
      open
      title={t('sla.title', {
        name: row.displayName || processLabel(row.processName, row.source as SourceKind),
      })}
      okText={t('sla.save')}
      cancelText={t('sla.cancel')}
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          enabled: s !== null,
          amount: s?.amount ?? 8,
          unit: s?.unit ?? 'hours',
          remind: s ? s.remindAtPercent !== null : true,
          remindAtPercent: s?.remindAtPercent ?? 80,
          notifyManagerWhenOverdue: s?.notifyManagerWhenOverdue ?? false,
          afterAction: s?.afterOverdue?.action ?? 'none',
          afterAmount: s?.afterOverdue?.amount ?? 4,
          afterUnit: s?.afterOverdue?.unit ?? 'hours',
        }}
        onFinish={(v) =>
          onSave(
            v.enabled
              ? {
                  amount: v.amount,
                  unit: v.unit,
                  remindAtPercent: v.remind ? v.remindAtPercent : null,
                  notifyManagerWhenOverdue: v.notifyManagerWhenOverdue,
                  afterOverdue:
                    row.slaCanAutoAct && v.afterAction !== 'none'
                      ? { action: v.afterAction, amount: v.afterAmount, unit: v.afterUnit }
                      : null,
                }
              : null,
          )
        }
      >
        <Form.Item name="enabled" label={t('sla.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label={t('sla.amount')} required>
          <Flex gap="small">
            <Form.Item name="amount" noStyle rules={[{ required: true }]}>
              <InputNumber aria-label={t('sla.amount')} min={0.5} max={2000} step={0.5} disabled={!enabled} />
            </Form.Item>
            <Form.Item name="unit" noStyle>
              <Select
                aria-label={t('sla.days')}
                options={unitOptions}
                style={{ width: 130 }}
                disabled={!enabled}
              />
            </Form.Item>
          </Flex>
        </Form.Item>
        <Flex gap="small" align="center" wrap style={{ marginBottom: 16 }}>
          <Form.Item name="remind" valuePropName="checked" noStyle>
            <Checkbox disabled={!enabled}>{t('sla.remind')}</Checkbox>
          </Form.Item>
          <Form.Item name="remindAtPercent" noStyle>
            <InputNumber
              aria-label={t('sla.remindPercent')}
              min={1}
              max={99}
              suffix="%"
              disabled={!enabled || !remind}
            />
          </Form.Item>
        </Flex>
        <Form.Item name="notifyManagerWhenOverdue" valuePropName="checked">
          <Checkbox disabled={!enabled}>{t('sla.notifyManager')}</Checkbox>
        </Form.Item>
        {row.slaCanAutoAct && (
          <Form.Item label={t('sla.afterOverdue')} extra={t('sla.afterOverdueHint')}>
            <Flex gap="small" wrap>
              <Form.Item name="afterAmount" noStyle>
                <InputNumber
                  aria-label={t('sla.afterOverdue')}
                  min={0.5}
                  max={2000}
                  step={0.5}
                  disabled={!enabled || afterAction === 'none'}
                />
              </Form.Item>
              <Form.Item name="afterUnit" noStyle>
                <Select
                  options={unitOptions}
                  style={{ width: 130 }}
                  disabled={!enabled || afterAction === 'none'}
                />
              </Form.Item>
              <Form.Item name="afterAction" noStyle>
                <Select
                  style={{ width: 160 }}
                  disabled={!enabled}
                  options={(['none', 'transfer', 'agree', 'refuse'] as const).map((a) => ({
                    value: a,
                    label: t(`sla.action.${a}`),
                  }))}
                />
              </Form.Item>
            </Flex>
          </Form.Item>
        )}
        <Typography.Text type="secondary">{t('sla.calendarHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}

/** "8 工作小时 · 80% 提醒" for the table cell. */
export function slaSummary(sla: ProcessSlaRule | null, t: ReturnType<typeof useT<'sla'>>): string {
  if (!sla) return t('sla.none');
  const due =
    sla.unit === 'hours' ? t('sla.summaryHours', { n: sla.amount }) : t('sla.summaryDays', { n: sla.amount });
  return sla.remindAtPercent !== null ? `${due} · ${t('sla.remindAt', { n: sla.remindAtPercent })}` : due;
}
