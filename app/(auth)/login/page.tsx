import { redirect } from 'next/navigation';
import { getViewer } from '@/lib/auth';
import { isDingTalkLoginEnabled } from '@/lib/auth/config';
import { safeCallbackUrl } from '@/lib/security/safe-callback-url';
import { LoginPage } from './LoginPage';

export const dynamic = 'force-dynamic';

export default async function Login({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: an open redirect through the login page would help phishing.
  const target = safeCallbackUrl(callbackUrl);
  if (await getViewer()) redirect(target);
  return <LoginPage callbackUrl={target} error={error} dingtalkEnabled={isDingTalkLoginEnabled()} />;
}
