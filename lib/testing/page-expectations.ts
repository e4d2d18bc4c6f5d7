/**
 * What every page owes each kind of caller — the page half of the access matrix
 * (lib/testing/access-matrix.int.test.ts). Every `app/**\/page.tsx` needs one line here, keyed by its URL
 * pattern; a page on disk without a line (or a line without a page) fails the suite. A page is evaluated
 * with its layouts, as Next renders it, and the outcome is 200, a redirect, or Next's 403/404.
 *
 * - public: anyone gets the page (`signedIn` says what a signed-in caller gets instead, e.g. a redirect)
 * - user: anonymous → redirect to /login; employee A on A's resource 200 (or `own`), A on B's resource 404
 * - admin: anonymous → redirect to /login, employees 403, admin 200 (or `own`)
 * - gone: 404 for everyone (/setup once an admin exists)
 */
import type { ParamValue } from './route-expectations';

export type PageOutcome = 200 | 403 | 404 | `redirect:${string}`;

export type PageExpectation =
  | { auth: 'public'; signedIn?: PageOutcome }
  | { auth: 'gone' }
  | {
      auth: 'user' | 'admin';
      params?: Record<string, ParamValue>;
      /** What the rightful caller gets (default 200). */
      own?: PageOutcome;
    };

const NO_ID: ParamValue = { literal: '00000000-0000-4000-8000-000000000000' };

export const PAGE_EXPECTATIONS: Record<string, PageExpectation> = {
  '/': { auth: 'public', signedIn: 'redirect:/inbox/pending' },
  '/login': { auth: 'public', signedIn: 'redirect:/inbox/pending' },
  '/setup': { auth: 'gone' },
  '/inbox/[view]': { auth: 'user', params: { view: { literal: 'pending' } } },
  '/instances/[instanceId]': { auth: 'user', params: { instanceId: 'instance' } },
  '/instances/[instanceId]/print': { auth: 'user', params: { instanceId: 'instance' } },
  '/apply': { auth: 'user' },
  '/apply/[definitionId]': { auth: 'user', params: { definitionId: NO_ID } },
  '/docs/api': { auth: 'user' },
  '/delegation': { auth: 'user' },
  // 分析: a fixture employee manages nobody and has no grant, so their rightful answer is 403 (admins 200).
  '/insights': { auth: 'user', own: 403 },
  '/admin': { auth: 'admin' },
  '/admin/audit': { auth: 'admin' },
  '/admin/connectors': { auth: 'admin' },
  '/admin/connectors/new': { auth: 'admin' },
  '/admin/connectors/[connectorId]': { auth: 'admin', params: { connectorId: 'dingtalkConnector' } },
  '/admin/events': { auth: 'admin' },
  '/admin/health': { auth: 'admin' },
  '/admin/identities': { auth: 'admin' },
  '/admin/processes': { auth: 'admin' },
  '/admin/calendar': { auth: 'admin' },
  '/admin/same-approval': { auth: 'admin' },
  '/admin/subscriptions': { auth: 'admin' },
  '/admin/subscriptions/[subscriptionId]': { auth: 'admin', params: { subscriptionId: NO_ID }, own: 404 },
  '/admin/tasks': { auth: 'admin' },
  '/admin/workflows': { auth: 'admin' },
  // The designer loads its definition client-side (the API answers 404 for an unknown id).
  '/admin/workflows/[definitionId]': { auth: 'admin', params: { definitionId: NO_ID } },
};
