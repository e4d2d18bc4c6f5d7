'use client';

import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useT } from '@/lib/i18n/locale-context';

/** A group robot's webhook, 加签 secret (write-only: empty on edit keeps it), @ setting and per-minute cap. */
export function RobotFields({ isEdit }: { isEdit: boolean }) {
  const t = useT('subscriptions');
  return (
    <>
      <Form.Item
        name="url"
        label={t('robot.url')}
        extra={t('robot.urlHint')}
        rules={[{ required: true, type: 'url' }]}
      >
        <Input placeholder={t('robot.urlPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="robotSecret"
        label={t('robot.secret')}
        extra={t('robot.secretHint')}
        rules={[{ required: !isEdit, whitespace: true }]}
      >
        <Input.Password autoComplete="new-password" placeholder={isEdit ? t('robot.secretKeep') : 'SEC…'} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="atMode" label={t('robot.atMode')}>
            <Select
              options={(['userId', 'mobile', 'none'] as const).map((m) => ({
                value: m,
                label: t(`robot.at.${m}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="perMinute" label={t('robot.perMinute')} extra={t('robot.perMinuteHint')}>
            <InputNumber min={1} max={20} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** The opt-in to form values in the envelopes, with the per-process field allow-list. */
export function FormValuesFields() {
  const t = useT('subscriptions');
  const enabled = Form.useWatch('formValuesEnabled');
  return (
    <>
      <Form.Item name="formValuesEnabled" valuePropName="checked" extra={t('formValues.hint')}>
        <Checkbox>{t('formValues.enabled')}</Checkbox>
      </Form.Item>
      {enabled && (
        <Form.Item name="formValuesText" label={t('formValues.fields')}>
          <Input.TextArea rows={3} placeholder={t('formValues.placeholder')} />
        </Form.Item>
      )}
    </>
  );
}
