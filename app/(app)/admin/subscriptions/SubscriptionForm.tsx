'use client';

import { Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useConnectors } from '@/lib/client/queries/use-connectors';
import type { SubscriptionView } from '@/lib/client/queries/use-subscriptions';
import { useDingTalkConnectorOptions } from '@/lib/client/queries/use-workflows';
import { formatFieldLines, parseFieldLines } from '@/lib/distribution/form-value-lines';
import { NORMALIZED_EVENT_TYPES, RAW_EVENT_TYPES } from '@/lib/distribution/outbox/event-types';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import { FormValuesFields, RobotFields } from './RobotAndFormValuesFields';

export type SubscriptionFormValues = {
  kind: 'webhook' | 'connect_trigger' | 'dingtalk_robot';
  name: string;
  robotSecret?: string;
  atMode?: 'none' | 'mobile' | 'userId';
  perMinute?: number;
  formValuesEnabled?: boolean;
  formValuesText?: string;
  url?: string;
  dingtalkConnectorId?: string;
  triggerId?: string;
  appId?: string;
  eventTypes: string[];
  connectorIds: string[];
  processCodes: string[];
  autoPauseFailures: number;
  autoPauseMinutes: number;
};

export function toFormValues(s: SubscriptionView): SubscriptionFormValues {
  return {
    kind: s.kind,
    name: s.name,
    url: s.kind === 'connect_trigger' ? undefined : s.url,
    atMode: s.atMode ?? undefined,
    perMinute: s.perMinute ?? undefined,
    formValuesEnabled: s.formValues.enabled,
    formValuesText: formatFieldLines(s.formValues.fields),
    dingtalkConnectorId: s.dingtalkConnectorId ?? undefined,
    triggerId: s.triggerId ?? undefined,
    appId: s.appId ?? undefined,
    eventTypes: s.eventTypes,
    connectorIds: s.connectorIds,
    processCodes: s.processCodes,
    autoPauseFailures: s.autoPauseFailures,
    autoPauseMinutes: s.autoPauseMinutes,
  };
}

export const NEW_SUBSCRIPTION: SubscriptionFormValues = {
  kind: 'webhook',
  name: '',
  eventTypes: ['task.created', 'task.completed', 'instance.finished'],
  connectorIds: [],
  processCodes: [],
  autoPauseFailures: 10,
  autoPauseMinutes: 60,
  atMode: 'userId',
  perMinute: 20,
};

/** The fields of a subscription (inside a modal); the kind is fixed once created. */
export function SubscriptionForm({
  form,
  initialValues,
  isEdit,
}: {
  form: ReturnType<typeof Form.useForm<SubscriptionFormValues>>[0];
  initialValues: SubscriptionFormValues;
  isEdit: boolean;
}) {
  const t = useT('subscriptions');
  const connectors = useConnectors();
  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  // Connect triggers go through a DingTalk connector's app (lib/connectors/dingtalk/push-connect-trigger.ts).
  const dingtalk = useDingTalkConnectorOptions().data ?? [];
  const eventLabel = (type: string) => (
    <span>
      {t(`event.${type}` as MessageKey<'subscriptions'>)}{' '}
      <Typography.Text type="secondary">{type}</Typography.Text>
    </span>
  );

  return (
    <Form<SubscriptionFormValues> form={form} layout="vertical" initialValues={initialValues} requiredMark>
      <Form.Item name="kind" label={t('form.kind')}>
        <Radio.Group disabled={isEdit}>
          <Radio.Button value="webhook">Webhook</Radio.Button>
          <Radio.Button value="connect_trigger">{t('kind.connect_trigger')}</Radio.Button>
          <Radio.Button value="dingtalk_robot">{t('kind.dingtalk_robot')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="name" label={t('form.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} placeholder={t('form.namePlaceholder')} />
      </Form.Item>
      {kind === 'dingtalk_robot' ? (
        <RobotFields isEdit={isEdit} />
      ) : kind === 'webhook' ? (
        <Form.Item
          name="url"
          label={t('form.url')}
          extra={t('form.urlHint')}
          rules={[{ required: true, type: 'url' }]}
        >
          <Input placeholder="https://erp.example.com/hooks/huiban" />
        </Form.Item>
      ) : (
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item
              name="dingtalkConnectorId"
              label={t('form.dingtalkConnector')}
              rules={[{ required: true }]}
            >
              <Select
                loading={connectors.isLoading}
                options={dingtalk.map((c) => ({ value: c.id, label: c.name }))}
                placeholder={t('form.dingtalkConnector')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="triggerId"
              label={t('form.triggerId')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input placeholder="G-TRIGGER-…" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="appId" label="AgentId / appId" rules={[{ required: true, whitespace: true }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item
        name="eventTypes"
        label={t('form.eventTypes')}
        rules={[{ required: true, type: 'array', min: 1 }]}
      >
        <Checkbox.Group style={{ width: '100%' }}>
          <Row gutter={[8, 4]}>
            <Col span={24}>
              <Typography.Text strong>{t('form.normalized')}</Typography.Text>
            </Col>
            {NORMALIZED_EVENT_TYPES.map((type) => (
              <Col xs={24} md={12} key={type}>
                <Checkbox value={type}>{eventLabel(type)}</Checkbox>
              </Col>
            ))}
            <Col span={24}>
              <Typography.Text strong>{t('form.raw')}</Typography.Text>
            </Col>
            {RAW_EVENT_TYPES.map((type) => (
              <Col xs={24} md={12} key={type}>
                <Checkbox value={type}>{eventLabel(type)}</Checkbox>
              </Col>
            ))}
          </Row>
        </Checkbox.Group>
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="connectorIds" label={t('form.connectors')} extra={t('form.emptyIsAll')}>
            <Select
              mode="multiple"
              allowClear
              loading={connectors.isLoading}
              options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              placeholder={t('form.allConnectors')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="processCodes" label={t('form.processCodes')} extra={t('form.emptyIsAll')}>
            <Select mode="tags" allowClear tokenSeparators={[',', ' ']} placeholder="PROC-…" open={false} />
          </Form.Item>
        </Col>
      </Row>
      <FormValuesFields />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="autoPauseFailures"
            label={t('form.autoPauseFailures')}
            extra={t('form.autoPauseHint')}
          >
            <InputNumber min={0} max={10000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="autoPauseMinutes" label={t('form.autoPauseMinutes')}>
            <InputNumber min={0} max={10080} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

/** The create/update body for the form's values (fields of the other kind left out). */
export function toRequestBody(values: SubscriptionFormValues) {
  const common = {
    name: values.name,
    eventTypes: values.eventTypes,
    connectorIds: values.connectorIds ?? [],
    processCodes: values.processCodes ?? [],
    autoPauseFailures: values.autoPauseFailures,
    autoPauseMinutes: values.autoPauseMinutes,
    formValues: {
      enabled: values.formValuesEnabled ?? false,
      fields: parseFieldLines(values.formValuesText),
    },
  };
  if (values.kind === 'dingtalk_robot') {
    const secret = values.robotSecret?.trim();
    return {
      ...common,
      url: values.url ?? '',
      atMode: values.atMode ?? 'userId',
      perMinute: values.perMinute ?? 20,
      ...(secret ? { robotSecret: secret } : {}),
    };
  }
  return values.kind === 'webhook'
    ? { ...common, url: values.url ?? '' }
    : {
        ...common,
        dingtalkConnectorId: values.dingtalkConnectorId ?? '',
        triggerId: values.triggerId ?? '',
        appId: values.appId ?? '',
      };
}
