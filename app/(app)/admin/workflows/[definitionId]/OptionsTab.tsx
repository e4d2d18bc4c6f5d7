'use client';

import { Form, Select, Switch } from 'antd';
import { useDingTalkConnectorOptions } from '@/lib/client/queries/use-workflows';
import type { DraftBody } from '@/lib/client/workflow-designer';
import { useT } from '@/lib/i18n/locale-context';

/** The 选项 tab: mirror tasks to DingTalk to-dos and notify assignees. */
export function OptionsTab({
  options,
  onChange,
}: {
  options: DraftBody['options'];
  onChange: (options: DraftBody['options']) => void;
}) {
  const t = useT('workflows');
  const connectors = useDingTalkConnectorOptions();
  return (
    <Form name="wf-options" layout="vertical" style={{ maxWidth: 560 }}>
      <Form.Item label={t('options.mirror')} extra={t('options.mirrorHint')}>
        <Select
          allowClear
          placeholder={t('options.noMirror')}
          value={options.mirrorTodoConnectorId ?? undefined}
          onChange={(v) => onChange({ ...options, mirrorTodoConnectorId: v ?? null })}
          options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Form.Item>
      <Form.Item label={t('options.notify')} extra={t('options.notifyHint')}>
        <Switch
          checked={options.notifyAssignee}
          disabled={!options.mirrorTodoConnectorId}
          onChange={(v) => onChange({ ...options, notifyAssignee: v })}
        />
      </Form.Item>
    </Form>
  );
}
