'use client';

import { Alert, Breadcrumb, Button, Card, Flex, Form, Radio, Skeleton, Tag, Typography, theme } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { WorkflowForm } from '@/components/workflows/WorkflowForm';
import { ApiError } from '@/lib/client/api-client';
import { issuesToFieldErrors } from '@/lib/client/form-issues';
import { useApprovalPreview } from '@/lib/client/queries/use-approval-preview';
import { useStartForm, useStartInstance } from '@/lib/client/queries/use-workflows';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import { ApprovalChain } from './ApprovalChain';

/** 发起申请 for one definition: its published form; on success, the new instance's page. */
export function StartPage({ definitionId }: { definitionId: string }) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const toast = useToast();
  const router = useRouter();
  const [form] = Form.useForm();
  const startForm = useStartForm(definitionId);
  const start = useStartInstance(definitionId);
  const [pageErrors, setPageErrors] = useState<string[]>([]);
  // The whole form as typed: the approval chain follows branch conditions, picked approvers and the department.
  const typed = Form.useWatch((values: Record<string, unknown>) => withoutChoices(values), form);
  const preview = useApprovalPreview(definitionId, typed);

  const submit = (raw: Record<string, unknown>) => {
    setPageErrors([]);
    start.mutate(withoutChoices(raw), {
      onSuccess: ({ instanceId }) => {
        toast.success(t('start.submitted'));
        router.push(`/instances/${instanceId}`);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 400 && error.issues && startForm.data) {
          // The server's field-level reasons go under the fields, like the browser's own checks.
          const mapped = issuesToFieldErrors(error.issues, startForm.data.form.fields);
          form.setFields(mapped.fields);
          setPageErrors(mapped.other.length > 0 ? mapped.other : mapped.fields.length ? [] : [error.message]);
          toast.error(t('start.fixErrors'));
        } else {
          setPageErrors([error.message]);
        }
      },
    });
  };

  if (startForm.isLoading) return <Skeleton active />;
  if (startForm.error || !startForm.data)
    return (
      <Alert
        type="warning"
        showIcon
        title={
          startForm.error instanceof ApiError && startForm.error.status === 404
            ? t('start.notAvailable')
            : startForm.error?.message
        }
        action={<Link href="/apply">{t('start.backToList')}</Link>}
      />
    );
  const w = startForm.data;
  return (
    <Flex vertical gap={token.margin} style={{ maxWidth: 1280 }}>
      <Breadcrumb
        items={[{ title: <Link href="/apply">{t('common:nav.apply')}</Link> }, { title: w.name }]}
      />
      <Flex wrap gap={token.margin} align="flex-start">
        <Card
          style={{ flex: '1 1 520px', minWidth: 0, maxWidth: 880 }}
          title={
            <Flex align="center" gap={token.marginXS}>
              <span>{w.name}</span>
              <Tag>{t('designer.versionN', { n: w.version })}</Tag>
            </Flex>
          }
        >
          {w.description && <Typography.Paragraph type="secondary">{w.description}</Typography.Paragraph>}
          {pageErrors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: token.margin }} />
          ))}
          <WorkflowForm
            schema={w.form}
            form={form}
            onFinish={submit}
            footer={
              <>
                {w.departments && (
                  <Form.Item
                    name={CHOICES.concat('dingtalkDeptId')}
                    label={t('start.department')}
                    extra={t('start.departmentHelp')}
                    rules={[{ required: true, message: t('start.departmentRequired') }]}
                  >
                    <Radio.Group options={w.departments.map((d) => ({ value: d.id, label: d.name }))} />
                  </Form.Item>
                )}
                <Flex gap={token.marginSM}>
                  <Button type="primary" htmlType="submit" loading={start.isPending}>
                    {t('start.submit')}
                  </Button>
                  <Button onClick={() => router.push('/apply')}>{t('common.cancel')}</Button>
                </Flex>
              </>
            }
          />
        </Card>
        <div style={{ flex: '1 1 320px', minWidth: 0, maxWidth: 880 }}>
          <ApprovalChain preview={preview.data} loading={preview.isFetching} failed={preview.isError} />
        </div>
      </Flex>
    </Flex>
  );
}

/** Choices about the request itself (not form fields) live under this name; field keys start with a letter. */
const CHOICES = ['__request'];

/** The form's field values, and the request choices (the department the originator applies as). */
function withoutChoices(raw: Record<string, unknown> | undefined): {
  values: Record<string, unknown>;
  dingtalkDeptId?: string;
} {
  const { __request: choices, ...values } = raw ?? {};
  const deptId = (choices as { dingtalkDeptId?: unknown } | undefined)?.dingtalkDeptId;
  return typeof deptId === 'string' ? { values, dingtalkDeptId: deptId } : { values };
}
