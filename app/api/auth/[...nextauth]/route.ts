import NextAuth from 'next-auth';
import { getDb } from '@/db/client';
import { getAuthOptionsWithCodeSignIn } from '@/lib/auth/config';
import { signInWithDingTalkCode } from '@/lib/connectors/dingtalk/sign-in-with-h5-code';
import { withBodyLimit } from '@/lib/security/limit-body';

export const dynamic = 'force-dynamic';

// next-auth's endpoints sit outside route(); their forms are a few hundred bytes.
const MAX_AUTH_BODY = 64 * 1024;

const handler = withBodyLimit(
  MAX_AUTH_BODY,
  (request: Request, context: { params: Promise<{ nextauth: string[] }> }) =>
    NextAuth(getAuthOptionsWithCodeSignIn((input) => signInWithDingTalkCode(getDb(), input)))(
      request,
      context,
    ),
);

export { handler as GET, handler as POST };
