import type { Starters } from './workflow-input';

/** Whether a user (by id and directory department) may start a definition with these starters. Pure. */
export function canStart(starters: Starters, user: { id: string; department: string | null }): boolean {
  if ('all' in starters) return starters.all;
  if (starters.userIds.includes(user.id)) return true;
  return user.department !== null && starters.departments.includes(user.department);
}
