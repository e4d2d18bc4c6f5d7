'use client';

import { CloudUploadOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Space,
  Switch,
  Tabs,
  Tag,
  Typography,
  theme,
} from 'antd';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { UserPicker } from '@/components/workflows/UserPicker';
import { WorkflowForm } from '@/components/workflows/WorkflowForm';
import { ApiError } from '@/lib/client/api-client';
import {
  useDingTalkConnectorOptions,
  usePublishWorkflow,
  useSaveWorkflowDraft,
  useSetWorkflowEnabled,
  useWorkflow,
  type WorkflowDetail,
} from '@/lib/client/queries/use-workflows';
import { useToast } from '@/lib/client/use-toast';
import { type DraftBody, toDraftBody } from '@/lib/client/workflow-designer';
import type { FormField, WorkflowStep } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import type { T as TFor } from '@/lib/i18n/translate';
import { FlowEditor } from './FlowEditor';
import { FormBuilder } from './FormBuilder';
import { VersionHistory } from './VersionHistory';

type InfoValues = {
  name: string;
  category?: string | null;
  description?: string | null;
  startersMode: 'all' | 'some';
  starterUserIds?: string[];
  starterDepartments?: string[];
};

function toInfo(d: WorkflowDetail): InfoValues {
  return {
    name: d.name,
    category: d.category,
    description: d.description,
    startersMode: 'all' in d.starters ? 'all' : 'some',
    starterUserIds: 'all' in d.starters ? [] : d.starters.userIds,
    starterDepartments: 'all' in d.starters ? [] : d.starters.departments,
  };
}

/** 流程设计 for one definition: basic info, form, flow, options, preview, versions; save, publish, enable. */
export function WorkflowDesignerPage({ definitionId }: { definitionId: string }) {
  const t = useT('workflows');
  const query = useWorkflow(definitionId);
  if (query.isLoading) return <Skeleton active />;
  if (query.error || !query.data)
    return (
      <LoadingError
        error={query.error ?? t('common:notFound.title')}
        action={<Link href="/admin/workflows">←</Link>}
      />
    );
  return <Designer detail={query.data} />;
}

function Designer({ detail }: { detail: WorkflowDetail }) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const toast = useToast();
  const [info] = Form.useForm<InfoValues>();
  const [preview] = Form.useForm();
  const [body, setBody] = useState<DraftBody>(() => toDraftBody(detail.draft));
  const [tab, setTab] = useState('form');
  const [issues, setIssues] = useState(detail.draftIssues);
  const [isDirty, setDirty] = useState(false);
  const save = useSaveWorkflowDraft(detail.id);
  const publish = usePublishWorkflow(detail.id);
  const setEnabled = useSetWorkflowEnabled(detail.id);
  const connectors = useDingTalkConnectorOptions();

  useEffect(() => {
    info.setFieldsValue(toInfo(detail));
  }, [detail, info]);

  const edit = (next: DraftBody) => {
    setBody(next);
    setDirty(true);
  };

  const saveDraft = async (): Promise<WorkflowDetail | null> => {
    let values: InfoValues;
    try {
      values = await info.validateFields();
    } catch {
      setTab('info');
      return null;
    }
    const starters =
      values.startersMode === 'all'
        ? ({ all: true } as const)
        : { userIds: values.starterUserIds ?? [], departments: values.starterDepartments ?? [] };
    try {
      const saved = await save.mutateAsync({
        name: values.name,
        category: values.category || null,
        description: values.description || null,
        starters,
        draft: body,
      });
      setIssues(saved.draftIssues);
      setDirty(false);
      return saved;
    } catch (error) {
      toast.error(error);
      return null;
    }
  };

  const doPublish = async () => {
    const saved = await saveDraft();
    if (!saved) return;
    try {
      const published = await publish.mutateAsync();
      setIssues([]);
      setBody(toDraftBody(published.draft));
      toast.success(t('designer.published', { n: published.publishedVersion ?? 0 }));
    } catch (error) {
      if (error instanceof ApiError && error.issues)
        setIssues(error.issues.map((i) => ({ path: i.path.replace(/^draft\./, ''), message: i.message })));
      toast.error(error);
    }
  };

  return (
    <Flex vertical gap={token.margin}>
      <Breadcrumb
        items={[
          { title: <Link href="/admin/workflows">{t('common:nav.workflows')}</Link> },
          { title: detail.name },
        ]}
      />
      <Card>
        <PageHeader
          title={detail.name}
          tags={
            <>
              <Typography.Text code>{detail.key}</Typography.Text>
              {detail.enabled ? (
                <Tag color="green">{t('list.enabled')}</Tag>
              ) : (
                <Tag>{t('list.disabled')}</Tag>
              )}
              {detail.publishedVersion ? (
                <Tag color="blue" data-testid="published-version">
                  {t('designer.publishedN', { n: detail.publishedVersion })}
                </Tag>
              ) : (
                <Tag>{t('list.unpublished')}</Tag>
              )}
              {isDirty && <Tag color="orange">{t('designer.unsaved')}</Tag>}
            </>
          }
          extra={
            <Space wrap>
              <Popconfirm
                title={detail.enabled ? t('designer.disableConfirm') : t('designer.enableConfirm')}
                onConfirm={() => setEnabled.mutate(!detail.enabled, { onError: toast.error })}
              >
                <Button loading={setEnabled.isPending}>
                  {detail.enabled ? t('designer.disable') : t('designer.enable')}
                </Button>
              </Popconfirm>
              <Button
                icon={<SaveOutlined />}
                loading={save.isPending && !publish.isPending}
                onClick={async () => {
                  if (await saveDraft()) toast.success(t('designer.saved'));
                }}
              >
                {t('designer.saveDraft')}
              </Button>
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                loading={publish.isPending}
                onClick={doPublish}
              >
                {t('designer.publish')}
              </Button>
            </Space>
          }
        />
        {issues.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: token.margin }}
            title={t('designer.issues', { n: issues.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: token.paddingLG }} data-testid="draft-issues">
                {issues.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    {t('common:labelValue', { label: describePath(i.path, body, t) })}
                    {i.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'info',
              label: t('tab.info'),
              forceRender: true,
              children: <InfoForm form={info} onChange={() => setDirty(true)} />,
            },
            {
              key: 'form',
              label: t('tab.form'),
              children: (
                <FormBuilder
                  fields={body.form.fields}
                  onChange={(fields) => edit({ ...body, form: { fields } })}
                />
              ),
            },
            {
              key: 'flow',
              label: t('tab.flow'),
              children: (
                <FlowEditor
                  steps={body.steps}
                  fields={body.form.fields}
                  onChange={(steps: WorkflowStep[]) => edit({ ...body, steps })}
                />
              ),
            },
            {
              key: 'options',
              label: t('tab.options'),
              children: (
                <Form name="wf-options" layout="vertical" style={{ maxWidth: 560 }}>
                  <Form.Item label={t('options.mirror')} extra={t('options.mirrorHint')}>
                    <Select
                      allowClear
                      placeholder={t('options.noMirror')}
                      value={body.options.mirrorTodoConnectorId ?? undefined}
                      onChange={(v) =>
                        edit({ ...body, options: { ...body.options, mirrorTodoConnectorId: v ?? null } })
                      }
                      options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                    />
                  </Form.Item>
                  <Form.Item label={t('options.notify')} extra={t('options.notifyHint')}>
                    <Switch
                      checked={body.options.notifyAssignee}
                      disabled={!body.options.mirrorTodoConnectorId}
                      onChange={(v) => edit({ ...body, options: { ...body.options, notifyAssignee: v } })}
                    />
                  </Form.Item>
                </Form>
              ),
            },
            {
              key: 'preview',
              label: t('tab.preview'),
              children: (
                <Flex vertical gap={token.margin} style={{ maxWidth: 880 }}>
                  <Alert type="info" showIcon title={t('preview.hint')} />
                  <WorkflowForm
                    name="wf-preview"
                    schema={body.form}
                    form={preview}
                    onFinish={() => toast.success(t('preview.valid'))}
                    footer={<Button htmlType="submit">{t('preview.check')}</Button>}
                  />
                </Flex>
              ),
            },
            {
              key: 'versions',
              label: t('tab.versions'),
              children: (
                <VersionHistory
                  detail={detail}
                  onRestore={(draft) => {
                    edit(toDraftBody(draft));
                    setTab('form');
                    toast.info(t('versions.restored'));
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

function InfoForm({
  form,
  onChange,
}: {
  form: ReturnType<typeof Form.useForm<InfoValues>>[0];
  onChange: () => void;
}) {
  const t = useT('workflows');
  const mode = Form.useWatch('startersMode', form);
  return (
    <Form form={form} name="wf-info" layout="vertical" style={{ maxWidth: 640 }} onValuesChange={onChange}>
      <Form.Item
        name="name"
        label={t('info.name')}
        rules={[{ required: true, whitespace: true, message: t('info.nameRequired') }]}
      >
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="category" label={t('info.category')} extra={t('info.categoryHint')}>
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item name="description" label={t('info.description')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Form.Item name="startersMode" label={t('info.starters')}>
        <Radio.Group
          options={[
            { value: 'all', label: t('info.startersAll') },
            { value: 'some', label: t('info.startersSome') },
          ]}
        />
      </Form.Item>
      {mode === 'some' && (
        <>
          <Form.Item name="starterUserIds" label={t('info.starterUsers')}>
            <UserPicker multiple />
          </Form.Item>
          <Form.Item
            name="starterDepartments"
            label={t('info.starterDepartments')}
            extra={t('info.starterDepartmentsHint')}
          >
            <Select mode="tags" open={false} />
          </Form.Item>
        </>
      )}
    </Form>
  );
}

type T = TFor<'workflows'>;

/** `form.fields.1.key` → 字段「金额」· key; `steps.0.branches.1.steps.0.assignee` → 步骤「主管审批」· assignee. */
function describePath(path: string, body: DraftBody, t: T): string {
  const parts = path.split('.');
  if (parts[0] === 'form' && parts[1] === 'fields' && parts[2] !== undefined) {
    const field: FormField | undefined = body.form.fields[Number(parts[2])];
    return `${t('issue.field', { name: field?.label || `#${Number(parts[2]) + 1}` })}${parts.length > 3 ? ` · ${parts.slice(3).join('.')}` : ''}`;
  }
  if (parts[0] === 'steps') {
    let steps: WorkflowStep[] = body.steps;
    let step: WorkflowStep | undefined;
    let i = 1;
    for (; i < parts.length; i++) {
      step = steps[Number(parts[i])];
      if (step?.kind === 'condition' && parts[i + 1] === 'branches' && parts[i + 3] === 'steps') {
        steps = step.branches[Number(parts[i + 2])]?.steps ?? [];
        i += 3;
        continue;
      }
      break;
    }
    const rest = parts.slice(i + 1).join('.');
    return step ? `${t('issue.step', { name: step.name })}${rest ? ` · ${rest}` : ''}` : t('issue.flow');
  }
  return path;
}
