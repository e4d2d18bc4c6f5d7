import { redirect } from 'next/navigation';

/**
 * The home page. The DingTalk app's homepage URL is `/?corpId=$CORPID$` (docs/dingtalk-app.md): that corp goes
 * to the login page, which signs a DingTalk user in without a password (免登) and then opens the inbox, or
 * opens it at once for someone already signed in.
 */
export default async function Home({ searchParams }: { searchParams: Promise<{ corpId?: string }> }) {
  const { corpId } = await searchParams;
  if (typeof corpId === 'string' && corpId) redirect(`/login?corpId=${encodeURIComponent(corpId)}`);
  redirect('/inbox/pending');
}
