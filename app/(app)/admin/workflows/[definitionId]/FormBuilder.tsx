'use client';

import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Card, Dropdown, Empty, Flex, Space, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { FIELD_TYPES, move, newField } from '@/lib/client/workflow-designer';
import type { FormField } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import { FieldDrawer } from './FieldDrawer';

/** 表单设计: the form's fields in order; add (by type), reorder, edit in a drawer, remove. */
export function FormBuilder({
  fields,
  onChange,
}: {
  fields: FormField[];
  onChange: (fields: FormField[]) => void;
}) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const [editing, setEditing] = useState<number | null>(null);
  const add = (type: (typeof FIELD_TYPES)[number]) => {
    const next = [
      ...fields,
      newField(
        type,
        t(`fieldType.${type}`),
        fields.map((f) => f.key),
      ),
    ];
    onChange(next);
    setEditing(next.length - 1);
  };
  return (
    <Flex vertical gap={token.marginSM}>
      {fields.length === 0 && <Empty description={t('form.noFields')} />}
      {fields.map((field, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a draft may hold a duplicate key until fixed (publish refuses it)
        <Card key={`${field.key}-${index}`} size="small" data-testid="designer-field">
          <Flex justify="space-between" align="center" wrap gap={token.marginXS}>
            <Space wrap>
              <Typography.Text strong>{field.label}</Typography.Text>
              <Tag>{t(`fieldType.${field.type}`)}</Tag>
              <Typography.Text code type="secondary">
                {field.key}
              </Typography.Text>
              {field.required && <Tag color="red">{t('field.required')}</Tag>}
              {field.type === 'table' && (
                <Typography.Text type="secondary">
                  {field.columns.map((c) => c.label).join(' · ')}
                </Typography.Text>
              )}
            </Space>
            <Space size={0}>
              <Button
                type="text"
                icon={<ArrowUpOutlined />}
                aria-label={t('common.moveUp')}
                disabled={index === 0}
                onClick={() => onChange(move(fields, index, -1))}
              />
              <Button
                type="text"
                icon={<ArrowDownOutlined />}
                aria-label={t('common.moveDown')}
                disabled={index === fields.length - 1}
                onClick={() => onChange(move(fields, index, 1))}
              />
              <Button
                type="text"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => setEditing(index)}
              />
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.remove')}
                onClick={() => onChange(fields.filter((_, i) => i !== index))}
              />
            </Space>
          </Flex>
        </Card>
      ))}
      <Dropdown
        trigger={['click']}
        menu={{
          items: FIELD_TYPES.map((type) => ({ key: type, label: t(`fieldType.${type}`) })),
          onClick: ({ key }) => add(key as (typeof FIELD_TYPES)[number]),
        }}
      >
        <Button type="dashed" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }}>
          {t('form.addField')}
        </Button>
      </Dropdown>
      <FieldDrawer
        field={editing === null ? null : (fields[editing] ?? null)}
        otherKeys={fields.filter((_, i) => i !== editing).map((f) => f.key)}
        onClose={() => setEditing(null)}
        onSave={(field) => {
          onChange(fields.map((f, i) => (i === editing ? field : f)));
          setEditing(null);
        }}
      />
    </Flex>
  );
}
