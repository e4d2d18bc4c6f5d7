import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import {
  getNoticePreferences,
  noticePreferencesSchema,
  updateNoticePreferences,
} from '@/lib/people/notice-preferences';

export const dynamic = 'force-dynamic';

/** GET → {muteTaskNotices}: the viewer's own choice about DingTalk work notices. */
export const GET = route({
  auth: 'user',
  handler: ({ viewer }) => getNoticePreferences(getDb(), viewer),
});

/** PUT {muteTaskNotices}: mute (or unmute) DingTalk work notices for the viewer's open-API and local tasks. */
export const PUT = route({
  auth: 'user',
  body: noticePreferencesSchema,
  handler: ({ viewer, body }) => updateNoticePreferences(getDb(), viewer, body),
});
