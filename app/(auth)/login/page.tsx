import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { getViewer } from '@/lib/auth';
import { isDingTalkLoginEnabled } from '@/lib/auth/config';
import { dingtalkH5LoginContext } from '@/lib/connectors/dingtalk/h5-login-context';
import { requestHeader } from '@/lib/http/request-header';
import { safeCallbackUrl } from '@/lib/security/safe-callback-url';
import { LoginPage } from './LoginPage';

export const dynamic = 'force-dynamic';

export default async function Login({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; corpId?: string }>;
}) {
  const { callbackUrl, error, corpId } = await searchParams;
  // Only same-site paths: an open redirect through the login page would help phishing.
  const target = safeCallbackUrl(callbackUrl);
  if (await getViewer()) redirect(target);
  const dingtalkH5 = await dingtalkH5LoginContext(getDb(), {
    userAgent: await requestHeader('user-agent'),
    corpId: typeof corpId === 'string' ? corpId : undefined,
    callbackUrl: target,
  });
  return (
    <LoginPage
      callbackUrl={target}
      error={error}
      dingtalkEnabled={isDingTalkLoginEnabled()}
      dingtalkH5={dingtalkH5 ?? undefined}
    />
  );
}
