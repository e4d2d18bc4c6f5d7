'use client';

import { Alert, Breadcrumb, Button, Card, Flex, Form, Skeleton, Tabs, theme } from 'antd';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import tabsCss from '@/components/layout/wrapping-tabs.module.css';
import { WorkflowForm } from '@/components/workflows/WorkflowForm';
import { ApiError } from '@/lib/client/api-client';
import {
  usePublishWorkflow,
  useSaveWorkflowDraft,
  useWorkflow,
  type WorkflowDetail,
} from '@/lib/client/queries/use-workflows';
import { useToast } from '@/lib/client/use-toast';
import { type DraftBody, toDraftBody } from '@/lib/client/workflow-designer';
import type { WorkflowStep } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import { DesignerHeader } from './DesignerHeader';
import { DingTalkTemplateTab } from './DingTalkTemplateTab';
import { FlowEditor } from './FlowEditor';
import { FormBuilder } from './FormBuilder';
import { InfoForm, type InfoValues, toInfo } from './InfoForm';
import { OptionsTab } from './OptionsTab';
import { VersionHistory } from './VersionHistory';

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
      <DesignerHeader
        detail={detail}
        body={body}
        issues={issues}
        isDirty={isDirty}
        isSaving={save.isPending && !publish.isPending}
        isPublishing={publish.isPending}
        onSave={async () => {
          if (await saveDraft()) toast.success(t('designer.saved'));
        }}
        onPublish={doPublish}
      />
      <Card>
        <Tabs
          className={tabsCss.wrappingTabs}
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
                <OptionsTab
                  definitionId={detail.id}
                  options={body.options}
                  onChange={(options) => edit({ ...body, options })}
                />
              ),
            },
            {
              key: 'sourceTemplate',
              label: t('tab.dingtalkTemplate'),
              children: <DingTalkTemplateTab detail={detail} dirty={isDirty} />,
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
