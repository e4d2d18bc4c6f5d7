import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { preferencesSchema, updatePreferences } from '@/lib/people/update-preferences';

/** PUT {locale}: store the viewer's UI language and set the cookie the server renders with. */
export const PUT = route({
  auth: 'user',
  body: preferencesSchema,
  handler: async ({ viewer, body }) => {
    const saved = await updatePreferences(getDb(), viewer, body);
    const response = NextResponse.json(saved);
    response.cookies.set(LOCALE_COOKIE, saved.locale, { path: '/', maxAge: 31_536_000, sameSite: 'lax' });
    return response;
  },
});
