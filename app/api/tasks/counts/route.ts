import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { countInbox } from '@/lib/tasks/inbox/count-inbox';

export const dynamic = 'force-dynamic';

/** GET → the viewer's badge counts (待我处理, unread 抄送我的, overdue). */
export const GET = route({ auth: 'user', handler: ({ viewer }) => countInbox(getDb(), viewer) });
