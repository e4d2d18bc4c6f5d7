'use client';

import { Form, Select, Switch } from 'antd';
import { useDingTalkConnectorOptions } from '@/lib/client/queries/use-workflows';
import type { DraftBody } from '@/lib/client/workflow-designer';
import { useT } from '@/lib/i18n/locale-context';
import { ApprovalCentreStatusCard } from './ApprovalCentreStatusCard';

/**
 * The 选项 tab: show requests in DingTalk's approval centre, or mirror tasks to DingTalk to-dos (never both:
 * the approval centre replaces the mirror), and notify assignees.
 */
export function OptionsTab({
  definitionId,
  options,
  onChange,
}: {
  definitionId: string;
  options: DraftBody['options'];
  onChange: (options: DraftBody['options']) => void;
}) {
  const t = useT('workflows');
  const connectors = useDingTalkConnectorOptions();
  const choices = (connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  const centre = options.approvalCentreConnectorId ?? null;
  return (
    <Form name="wf-options" layout="vertical" style={{ maxWidth: 560 }}>
      <Form.Item label={t('options.approvalCentre')} extra={t('options.approvalCentreHint')}>
        <Select
          allowClear
          data-testid="wf-approval-centre"
          placeholder={t('options.noApprovalCentre')}
          value={centre ?? undefined}
          onChange={(v) => onChange({ ...options, approvalCentreConnectorId: v ?? null })}
          options={choices}
        />
      </Form.Item>
      <Form.Item
        label={t('options.mirror')}
        extra={centre ? t('options.mirrorReplaced') : t('options.mirrorHint')}
      >
        <Select
          allowClear
          disabled={Boolean(centre)}
          placeholder={t('options.noMirror')}
          value={options.mirrorTodoConnectorId ?? undefined}
          onChange={(v) => onChange({ ...options, mirrorTodoConnectorId: v ?? null })}
          options={choices}
        />
      </Form.Item>
      <Form.Item label={t('options.notify')} extra={t('options.notifyHint')}>
        <Switch
          checked={options.notifyAssignee}
          disabled={!options.mirrorTodoConnectorId}
          onChange={(v) => onChange({ ...options, notifyAssignee: v })}
        />
      </Form.Item>
      {centre ? <ApprovalCentreStatusCard definitionId={definitionId} /> : null}
    </Form>
  );
}
