'use client';

import { Alert, Button, Descriptions, Flex, Form, Select, Typography, theme } from 'antd';
import { useState } from 'react';
import { useDingTalkConnectorOptions, useSaveDingTalkTemplate } from '@/lib/client/queries/use-workflows';
import type { WorkflowDetail } from '@/lib/connectors/local/workflows/workflow-view';
import { useT } from '@/lib/i18n/locale-context';

/**
 * The 钉钉模板 tab: create the DingTalk approval template of this workflow's saved form, or update the one
 * created before on that connector; the answer (processCode, field map) or DingTalk's refusal, shown plainly.
 */
export function DingTalkTemplateTab({ detail, dirty }: { detail: WorkflowDetail; dirty: boolean }) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const connectors = useDingTalkConnectorOptions();
  const saved = detail.dingtalkTemplate;
  const [connectorId, setConnectorId] = useState<string | undefined>(saved?.connectorId);
  const save = useSaveDingTalkTemplate(detail.id);
  const chosen = connectorId ?? connectors.data?.[0]?.id;
  const updates = saved !== null && saved.connectorId === chosen;
  return (
    <Flex vertical gap={token.margin} style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('dtTemplate.hint')}
      </Typography.Paragraph>
      {saved && (
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'code', label: t('dtTemplate.processCode'), children: saved.processCode },
            {
              key: 'connector',
              label: t('dtTemplate.connector'),
              children: connectors.data?.find((c) => c.id === saved.connectorId)?.name ?? saved.connectorId,
            },
            { key: 'fields', label: t('dtTemplate.fields'), children: saved.fieldCount },
            { key: 'at', label: t('dtTemplate.savedAt'), children: new Date(saved.savedAt).toLocaleString() },
          ]}
        />
      )}
      {dirty && <Alert type="warning" showIcon title={t('dtTemplate.unsaved')} />}
      <Form layout="vertical" name="wf-dingtalk-template">
        <Form.Item label={t('dtTemplate.connector')}>
          <Select
            value={chosen}
            onChange={setConnectorId}
            loading={connectors.isLoading}
            notFoundContent={t('dtTemplate.noConnector')}
            options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Button
          type="primary"
          disabled={!chosen || dirty}
          loading={save.isPending}
          onClick={() => chosen && save.mutate(chosen)}
        >
          {updates ? t('dtTemplate.update') : t('dtTemplate.create')}
        </Button>
      </Form>
      {save.isError && (
        <Alert type="error" showIcon title={t('dtTemplate.failed')} description={save.error.message} />
      )}
      {save.isSuccess && (
        <Alert
          type="success"
          showIcon
          title={
            save.data.created
              ? t('dtTemplate.created', { code: save.data.template.processCode })
              : t('dtTemplate.updated', { code: save.data.template.processCode })
          }
          description={t('dtTemplate.mapHint', {
            map: save.data.fieldMap.map((m) => m.componentName).join(t('chain.separator')),
          })}
        />
      )}
    </Flex>
  );
}
