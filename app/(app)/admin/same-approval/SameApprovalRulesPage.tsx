'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Button, type ButtonProps, Card, Flex, Popconfirm, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import {
  type SameApprovalRuleView,
  useDeleteSameApprovalRule,
  useSameApprovalRules,
  useSaveSameApprovalRule,
} from '@/lib/client/queries/use-same-approval-rules';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import { LinkedPairsDialog } from './LinkedPairsDialog';
import { RuleDialog } from './RuleDialog';

/**
 * 同一审批规则 (docs/same-approval.md): an admin's rule that process A's field equals process B's field makes two
 * sources' copies one approval. Lists the rules with the pairs each linked; creates, edits, switches and deletes
 * them through the rules API (its one write path and validation).
 */
export function SameApprovalRulesPage() {
  const t = useT('sameApproval');
  const toast = useToast();
  const rules = useSameApprovalRules();
  const save = useSaveSameApprovalRule();
  const remove = useDeleteSameApprovalRule();
  // undefined: closed · null: a new rule · a rule: editing it.
  const [editing, setEditing] = useState<SameApprovalRuleView | null | undefined>(undefined);
  const [linkedOf, setLinkedOf] = useState<SameApprovalRuleView | null>(null);

  const toggle = (r: SameApprovalRuleView, enabled: boolean) =>
    save.mutate(
      { ruleId: r.id, input: { name: r.name, a: sideInput(r.a), b: sideInput(r.b), enabled } },
      { onSuccess: () => toast.success(t('rules.saved')), onError: toast.error },
    );

  return (
    <Card>
      <PageHeader
        title={t('rules.title')}
        hint={t('rules.hint')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing(null)}
            data-testid="rule-add"
          >
            {t('rules.add')}
          </Button>
        }
      />
      <LoadingError error={rules.error} />
      <Table<SameApprovalRuleView>
        rowKey="id"
        loading={rules.isLoading}
        dataSource={rules.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rules.empty') }}
        onRow={(r) =>
          ({ 'data-testid': 'rule-row', 'data-rule-id': r.id }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'name',
            title: t('rules.col.name'),
            render: (_, r) => (
              <Typography.Text strong data-user-content>
                {r.name}
              </Typography.Text>
            ),
          },
          {
            key: 'rule',
            title: t('rules.col.rule'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <SideText side={r.a} label={t('rules.sideA')} />
                <Typography.Text type="secondary">{t('rules.equals')}</Typography.Text>
                <SideText side={r.b} label={t('rules.sideB')} />
              </Space>
            ),
          },
          {
            key: 'enabled',
            title: t('rules.col.enabled'),
            render: (_, r) => (
              <Switch
                checked={r.enabled}
                aria-label={`${t('rules.col.enabled')} ${r.name}`}
                onChange={(checked) => toggle(r, checked)}
              />
            ),
          },
          {
            key: 'linked',
            title: t('rules.col.linked'),
            render: (_, r) =>
              r.linked.total > 0 ? (
                <Button size="small" onClick={() => setLinkedOf(r)} data-testid="rule-linked">
                  {t('rules.linkedCount', { n: r.linked.total })}
                </Button>
              ) : (
                <Typography.Text type="secondary" data-testid="rule-linked">
                  {t('rules.linkedNone')}
                </Typography.Text>
              ),
          },
          {
            key: 'actions',
            title: t('rules.col.actions'),
            render: (_, r) => (
              <Flex gap={4}>
                <Button size="small" type="link" onClick={() => setEditing(r)} data-testid="rule-edit">
                  {t('rules.edit')}
                </Button>
                <Popconfirm
                  title={t('rules.deleteConfirm', { name: r.name })}
                  okText={t('rules.deleteOk')}
                  cancelText={t('rules.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'rule-delete-confirm' } as ButtonProps}
                  onConfirm={() =>
                    remove.mutateAsync(r.id).then(() => toast.success(t('rules.deleted')), toast.error)
                  }
                >
                  <Button size="small" type="link" danger data-testid="rule-delete">
                    {t('rules.delete')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
      {editing !== undefined && (
        <RuleDialog
          rule={editing}
          saving={save.isPending}
          onCancel={() => setEditing(undefined)}
          onSave={(input) =>
            save.mutate(
              { ruleId: editing?.id ?? null, input },
              {
                onSuccess: () => {
                  toast.success(t('rules.saved'));
                  setEditing(undefined);
                },
                onError: toast.error,
              },
            )
          }
        />
      )}
      {linkedOf && <LinkedPairsDialog rule={linkedOf} onClose={() => setLinkedOf(null)} />}
    </Card>
  );
}

function sideInput(s: SameApprovalRuleView['a']) {
  return { connectorId: s.connectorId, processCode: s.processCode, field: s.field };
}

/** "主审批（A） ERP · 费用报销 · 单号": which field of which process. */
function SideText({ side, label }: { side: SameApprovalRuleView['a']; label: string }) {
  return (
    <Typography.Text>
      <Typography.Text type="secondary">{label} </Typography.Text>
      <span data-user-content>
        {side.connectorName} · {side.processCode} · <Typography.Text code>{side.field}</Typography.Text>
      </span>
    </Typography.Text>
  );
}
