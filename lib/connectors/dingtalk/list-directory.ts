import type { DirectoryChange, SourceUserProfile } from '../types';
import type { DingTalkSettings } from './config';
import { callOapi } from './open-api';

export type DingTalkUserDetail = {
  userid?: string;
  unionid?: string;
  name?: string;
  mobile?: string;
  email?: string;
  org_email?: string;
  job_number?: string;
  manager_userid?: string;
  dept_id_list?: number[];
  active?: boolean;
};

/** `topapi/v2/user/get` / `user/list` item (§7.1) → the directory facts Huiban keeps. */
export function toUserProfile(externalUserId: string, u: DingTalkUserDetail): SourceUserProfile {
  return {
    externalUserId,
    name: u.name ?? null,
    unionId: u.unionid ?? null,
    mobile: u.mobile || null,
    email: u.email || u.org_email || null,
    jobNumber: u.job_number || null,
    managerExternalId: u.manager_userid || null,
    departments: (u.dept_id_list ?? []).map(String),
    active: u.active ?? true,
  };
}

/** Page size of `topapi/v2/user/list` (the API allows 1..100). */
const PAGE_SIZE = 100;

/**
 * The whole org (§7.2): every department from the root (1) through `department/listsubid`, then each
 * department's members through `user/list` (paged). A person in several departments is listed once, with all
 * of them. Contact APIs do not count against the monthly quota.
 */
export async function listDingTalkDirectory(s: DingTalkSettings): Promise<SourceUserProfile[]> {
  const departments: number[] = [];
  const queue = [1];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const deptId = queue.shift() as number;
    if (seen.has(deptId)) continue;
    seen.add(deptId);
    departments.push(deptId);
    const sub = await callOapi<{ result?: { dept_id_list?: number[] } }>(
      s,
      '/topapi/v2/department/listsubid',
      {
        dept_id: deptId,
      },
    );
    queue.push(...(sub.result?.dept_id_list ?? []));
  }
  const people = new Map<string, SourceUserProfile>();
  for (const deptId of departments) {
    let cursor = 0;
    for (;;) {
      const page = await callOapi<{
        result?: { has_more?: boolean; next_cursor?: number; list?: DingTalkUserDetail[] };
      }>(s, '/topapi/v2/user/list', { dept_id: deptId, cursor, size: PAGE_SIZE, language: 'zh_CN' });
      for (const u of page.result?.list ?? []) {
        if (!u.userid) continue;
        const known = people.get(u.userid);
        const profile = toUserProfile(u.userid, u);
        if (known) {
          known.departments = [...new Set([...(known.departments ?? []), ...(profile.departments ?? [])])];
        } else people.set(u.userid, profile);
      }
      if (!page.result?.has_more || page.result.next_cursor === undefined) break;
      cursor = page.result.next_cursor;
    }
  }
  return [...people.values()];
}

/** Contact change events (§7.3) Huiban applies to its directory. */
export const CONTACT_EVENT_TYPES = new Set(['user_add_org', 'user_modify_org', 'user_leave_org']);

/**
 * What a contact event says: who changed, and whether they joined/changed (re-read them) or left. The Stream
 * `data` and the flattened HTTP body both carry `userId: string[]` (legacy HTTP: `UserId`).
 */
export function parseContactChange(type: string, payload: unknown): DirectoryChange | null {
  if (!CONTACT_EVENT_TYPES.has(type)) return null;
  const data = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const raw = data.userId ?? data.UserId ?? data.userid;
  const ids = (Array.isArray(raw) ? raw : [raw]).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  return { action: type === 'user_leave_org' ? 'leave' : 'upsert', externalUserIds: ids };
}
