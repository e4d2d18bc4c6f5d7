'use client';

import { Button, Card, Checkbox, Form, Select, Typography } from 'antd';
import { type ApiNoticesView, useSaveApiNotices } from '@/lib/client/queries/use-notices';
import { useDingTalkConnectorOptions } from '@/lib/client/queries/use-workflows';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

type Values = {
  dingtalkConnectorId: string | null;
  announce: boolean;
  mirrorTodo: boolean;
  approvalCentre: boolean;
};

/**
 * How this open-API connector's tasks reach people in DingTalk: a work notice per task (with a link that opens
 * the task inside DingTalk), and the approval tasks either in DingTalk's approval centre (审批 and 待办 › OA审批)
 * or as 待办 (never both), through the chosen DingTalk connector.
 */
export function ApiNoticesCard({ connectorId, notices }: { connectorId: string; notices: ApiNoticesView }) {
  const t = useT('notices');
  const toast = useToast();
  const options = useDingTalkConnectorOptions();
  const save = useSaveApiNotices(connectorId);
  const [form] = Form.useForm<Values>();

  async function submit(values: Values) {
    try {
      await save.mutateAsync({
        dingtalkConnectorId: values.dingtalkConnectorId ?? null,
        announce: Boolean(values.dingtalkConnectorId) && values.announce,
        // One channel per task: the approval centre replaces the 待办 mirror.
        mirrorTodo: Boolean(values.dingtalkConnectorId) && values.mirrorTodo && !values.approvalCentre,
        approvalCentre: Boolean(values.dingtalkConnectorId) && values.approvalCentre,
      });
      toast.success(t('settings.saved'));
    } catch (error) {
      toast.error(error);
    }
  }

  return (
    <Card title={t('settings.title')} data-testid="api-notices">
      <Typography.Paragraph type="secondary">{t('settings.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={notices}
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 480 }}
      >
        <Form.Item name="dingtalkConnectorId" label={t('settings.dingtalkConnector')}>
          <Select
            allowClear
            placeholder={t('settings.none')}
            loading={options.isLoading}
            options={(options.data ?? []).map((c) => ({ value: c.id, label: c.name, disabled: !c.enabled }))}
            data-testid="api-notices-connector"
          />
        </Form.Item>
        <Form.Item name="announce" valuePropName="checked">
          <Checkbox data-testid="api-notices-announce">{t('settings.announce')}</Checkbox>
        </Form.Item>
        <Form.Item name="approvalCentre" valuePropName="checked" extra={t('settings.approvalCentreHint')}>
          <Checkbox data-testid="api-notices-approval-centre">{t('settings.approvalCentre')}</Checkbox>
        </Form.Item>
        <Form.Item noStyle dependencies={['approvalCentre']}>
          {({ getFieldValue }) => (
            <Form.Item name="mirrorTodo" valuePropName="checked">
              <Checkbox disabled={Boolean(getFieldValue('approvalCentre'))}>
                {t('settings.mirrorTodo')}
              </Checkbox>
            </Form.Item>
          )}
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="api-notices-save">
          {t('settings.save')}
        </Button>
      </Form>
    </Card>
  );
}
