'use client';

import { Alert, Card, Flex, Skeleton, Tag, Timeline, Typography, theme } from 'antd';
import type { ChainPreview, ForecastNode } from '@/lib/client/queries/use-approval-preview';
import { useT } from '@/lib/i18n/locale-context';
import type { T } from '@/lib/i18n/translate';

type Step = ChainPreview['steps'][number];
type Translate = T<'workflows'>;

/**
 * The approval chain a request will take, beside the start form: who approves each step (会签 / 或签 / one by
 * one), who gets a copy, and for a DingTalk approval step the nodes DingTalk forecasts. Recomputed by the
 * server as the form changes (branch conditions, picked approvers).
 */
export function ApprovalChain({
  preview,
  loading,
  failed,
}: {
  preview: ChainPreview | undefined;
  loading: boolean;
  failed: boolean;
}) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  return (
    <Card
      title={t('chain.title')}
      extra={<Typography.Text type="secondary">{t('chain.hint')}</Typography.Text>}
      size="small"
      data-testid="approval-chain"
      aria-busy={loading}
    >
      {failed && !preview && <Alert type="warning" showIcon title={t('chain.failed')} />}
      {!preview && !failed && <Skeleton active paragraph={{ rows: 3 }} />}
      {preview && (
        <Timeline
          style={{ marginTop: token.marginXS }}
          items={[
            {
              key: 'start',
              color: 'gray',
              content: (
                <Flex vertical>
                  <Typography.Text strong>{t('chain.originator')}</Typography.Text>
                  <Typography.Text type="secondary">{preview.originator}</Typography.Text>
                </Flex>
              ),
            },
            ...preview.steps.map((step) => ({
              key: step.stepId,
              color: step.kind === 'cc' ? 'gray' : step.kind === 'automation' ? 'green' : 'blue',
              content: <ChainStepView step={step} t={t} />,
            })),
            {
              key: 'end',
              color: 'gray',
              content: <Typography.Text type="secondary">{t('chain.end')}</Typography.Text>,
            },
          ]}
        />
      )}
    </Card>
  );
}

function ChainStepView({ step, t }: { step: Step; t: Translate }) {
  const { token } = theme.useToken();
  return (
    <Flex vertical gap={token.marginXXS} data-testid="chain-step">
      <Flex wrap align="center" gap={token.marginXS}>
        <Typography.Text strong>{step.name}</Typography.Text>
        <StepTag step={step} t={t} />
        {step.branch && <Tag color="purple">{t('chain.branch', { name: step.branch })}</Tag>}
      </Flex>
      <StepDetail step={step} t={t} />
    </Flex>
  );
}

function StepTag({ step, t }: { step: Step; t: Translate }) {
  switch (step.kind) {
    case 'approval':
      return <Tag color="blue">{t(`chain.mode.${step.mode}`)}</Tag>;
    case 'cc':
      return <Tag>{t('chain.cc')}</Tag>;
    case 'dingtalkApproval':
      return <Tag color="geekblue">{t('chain.dingtalk')}</Tag>;
    default:
      return <Tag color="green">{t('chain.automation')}</Tag>;
  }
}

function StepDetail({ step, t }: { step: Step; t: Translate }) {
  const names = (people: string[]) => <Typography.Text>{people.join(t('chain.separator'))}</Typography.Text>;
  switch (step.kind) {
    case 'approval':
      if (step.approvers.length === 0)
        return <Typography.Text type="warning">{t('chain.autoPass')}</Typography.Text>;
      return (
        <>
          {names(step.approvers)}
          {step.toAdmins && <Typography.Text type="warning">{t('chain.toAdmins')}</Typography.Text>}
        </>
      );
    case 'cc':
      return step.recipients.length ? (
        names(step.recipients)
      ) : (
        <Typography.Text type="secondary">{t('chain.nobody')}</Typography.Text>
      );
    case 'dingtalkApproval':
      if (step.forecast.status === 'ok') return <ForecastNodes nodes={step.forecast.nodes} t={t} />;
      return (
        <Typography.Text type="warning">
          {step.forecast.status === 'noAccount'
            ? t('chain.dingtalkNoAccount')
            : t('chain.dingtalkUnavailable')}
        </Typography.Text>
      );
    default:
      return null;
  }
}

/** DingTalk's own nodes for the step, one line each: name, role or mode, people. */
function ForecastNodes({ nodes, t }: { nodes: ForecastNode[]; t: Translate }) {
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      gap={token.marginXXS}
      style={{ borderLeft: `2px solid ${token.colorBorderSecondary}`, paddingLeft: token.paddingXS }}
    >
      {nodes.map((node, i) => (
        // Forecast nodes have no id of their own that is stable across answers.
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is re-rendered whole per answer
        <Flex key={i} wrap align="center" gap={token.marginXS} data-testid="forecast-node">
          <Typography.Text>{node.name}</Typography.Text>
          <Tag>
            {node.role === 'cc'
              ? t('chain.cc')
              : node.role === 'handler'
                ? t('chain.handler')
                : t(`chain.mode.${node.mode}`)}
          </Tag>
          <Typography.Text type="secondary">
            {node.originatorChooses ? t('chain.originatorChooses') : node.people.join(t('chain.separator'))}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}
