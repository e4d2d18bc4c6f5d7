import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/config';

export const dynamic = 'force-dynamic';

function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(getAuthOptions())(request, context);
}

export { handler as GET, handler as POST };
