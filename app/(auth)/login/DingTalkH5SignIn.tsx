'use client';

import { Alert, Button, Flex, Spin, Typography, theme } from 'antd';
import { signIn } from 'next-auth/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DINGTALK_H5_PROVIDER } from '@/lib/auth/dingtalk-h5-errors';
import { requestDingTalkAuthCode } from '@/lib/client/dingtalk-container';
import { useT } from '@/lib/i18n/locale-context';

type Failure =
  | 'codeInvalid'
  | 'notLinked'
  | 'corpRefused'
  | 'unavailable'
  | 'clientFailed'
  | 'throttled'
  | 'noApp';

/** next-auth's `error` for a failed 免登 (lib/auth/dingtalk-h5-errors.ts) → the message shown. */
const FAILURES: Record<string, Failure> = {
  DingTalkCodeInvalid: 'codeInvalid',
  DingTalkNotLinked: 'notLinked',
  DingTalkCorpRefused: 'corpRefused',
  DingTalkUnavailable: 'unavailable',
  TooManyAttempts: 'throttled',
};

/** Failures a new code can fix get a retry button; the others need an admin or another organisation. */
const RETRYABLE = new Set<Failure>(['codeInvalid', 'unavailable', 'clientFailed', 'throttled']);

type Props = { app: { corpId: string; clientId: string } | null; callbackUrl: string };

/**
 * 免登 inside the DingTalk client: asks the client for a code once on arrival and signs in with it. A failure
 * stays on the page with its reason (and a retry where one helps) — it never retries by itself, so a refused
 * code cannot loop. The password form below stays usable.
 */
export function DingTalkH5SignIn({ app, callbackUrl }: Props) {
  const t = useT('login');
  const { token } = theme.useToken();
  const [failure, setFailure] = useState<Failure | null>(app ? null : 'noApp');
  const started = useRef(false);

  const attempt = useCallback(async () => {
    if (!app) return;
    setFailure(null);
    let code: string;
    try {
      code = await requestDingTalkAuthCode(app);
    } catch {
      // DingTalkClientError (the client refused or the user cancelled) or the jsapi script failed to load.
      setFailure('clientFailed');
      return;
    }
    const result = await signIn(DINGTALK_H5_PROVIDER, { ...app, code, redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setFailure(FAILURES[result?.error ?? ''] ?? 'unavailable');
  }, [app, callbackUrl]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void attempt();
  }, [attempt]);

  if (!failure) {
    return (
      <Flex align="center" gap={token.marginSM} style={{ marginBottom: token.margin }} role="status">
        <Spin size="small" />
        <Typography.Text>{t('h5.signingIn')}</Typography.Text>
      </Flex>
    );
  }
  return (
    <Alert
      type={failure === 'notLinked' ? 'warning' : 'error'}
      showIcon
      role="alert"
      style={{ marginBottom: token.margin }}
      title={failure === 'throttled' ? t('throttled') : t(`h5.${failure}`)}
      description={failure === 'notLinked' ? t('h5.notLinkedHelp') : undefined}
      action={
        RETRYABLE.has(failure) ? (
          <Button size="small" onClick={() => void attempt()}>
            {t('h5.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
