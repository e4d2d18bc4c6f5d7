'use client';

import { CloudUploadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Popconfirm, Space, Tag, Typography, theme } from 'antd';
import { PageHeader } from '@/components/common/PageHeader';
import { useSetWorkflowEnabled, type WorkflowDetail } from '@/lib/client/queries/use-workflows';
import { useToast } from '@/lib/client/use-toast';
import type { DraftBody } from '@/lib/client/workflow-designer';
import { useIssueMessage, useT } from '@/lib/i18n/locale-context';
import { describePath } from './describe-path';

/** The designer's heading: name, key, state tags, enable/save/publish, and the draft's problems. */
export function DesignerHeader({
  detail,
  body,
  issues,
  isDirty,
  isSaving,
  isPublishing,
  onSave,
  onPublish,
}: {
  detail: WorkflowDetail;
  body: DraftBody;
  issues: WorkflowDetail['draftIssues'];
  isDirty: boolean;
  isSaving: boolean;
  isPublishing: boolean;
  onSave: () => void;
  onPublish: () => void;
}) {
  const t = useT('workflows');
  const issueMessage = useIssueMessage();
  const { token } = theme.useToken();
  const toast = useToast();
  const setEnabled = useSetWorkflowEnabled(detail.id);
  return (
    <Card>
      <PageHeader
        title={detail.name}
        tags={
          <>
            <Typography.Text code>{detail.key}</Typography.Text>
            {detail.enabled ? <Tag color="green">{t('list.enabled')}</Tag> : <Tag>{t('list.disabled')}</Tag>}
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
            <Button icon={<SaveOutlined />} loading={isSaving} onClick={onSave}>
              {t('designer.saveDraft')}
            </Button>
            <Button type="primary" icon={<CloudUploadOutlined />} loading={isPublishing} onClick={onPublish}>
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
                  {issueMessage(i)}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}
