import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { AssigneeRule, WorkflowStep } from './definition-schema';
import { indexSteps, type Person } from './engine';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves who every approval and cc step goes to, once, when an instance starts (the originator and the form
 * are fixed from then on). Only active users count. An approval step that resolves to nobody (no manager in
 * the directory, a resigned user) falls to the admins, and a note says so in the process log.
 */
export async function resolveAssignees(
  db: DbOrTx,
  input: { steps: WorkflowStep[]; originatorUserId: string; values: Record<string, unknown> },
): Promise<{ assignees: Record<string, Person[]>; notes: string[]; toAdmins: string[] }> {
  const assignees: Record<string, Person[]> = {};
  const notes: string[] = [];
  /** Approval steps that fell to the admins. */
  const toAdmins: string[] = [];
  let admins: Person[] | undefined;
  const getAdmins = async () => {
    admins ??= await db
      .select({ userId: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.status, 'active')))
      .orderBy(asc(users.createdAt));
    return admins;
  };
  for (const step of indexSteps(input.steps).values()) {
    if (step.kind !== 'approval' && step.kind !== 'cc') continue;
    const rule = step.assignee;
    let people: Person[];
    let missing: string | null = null;
    if (rule.type === 'role') {
      people = await getAdmins();
    } else if (rule.type === 'manager') {
      const manager = await managerOf(db, input.originatorUserId, rule.levels);
      people = manager ? [manager] : [];
      if (!manager) missing = `发起人没有第 ${rule.levels} 级主管`;
    } else {
      people = await activeUsers(db, idsOf(rule, input.values));
      if (!people.length) missing = rule.type === 'users' ? '指定的审批人均已停用' : '未选择审批人';
    }
    if (!people.length && step.kind === 'approval') {
      people = await getAdmins();
      toAdmins.push(step.id);
      notes.push(`${step.name}：${missing ?? '没有审批人'}，已转给管理员审批`);
    }
    assignees[step.id] = people;
  }
  return { assignees, notes, toAdmins };
}

function idsOf(rule: Exclude<AssigneeRule, { type: 'role' | 'manager' }>, values: Record<string, unknown>) {
  if (rule.type === 'users') return rule.userIds;
  const value = values[rule.fieldKey];
  // Only well-formed ids reach the query (a half-filled form in the preview may hold anything).
  return (Array.isArray(value) ? value : [value]).filter(
    (v): v is string => typeof v === 'string' && UUID.test(v),
  );
}

async function activeUsers(db: DbOrTx, ids: string[]): Promise<Person[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ userId: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.status, 'active')));
  // Keep the designer's order (sequential approval goes in this order).
  return ids.flatMap((id) => rows.filter((r) => r.userId === id));
}

async function managerOf(db: DbOrTx, userId: string, levels: number): Promise<Person | null> {
  let current = userId;
  let person: Person | null = null;
  for (let i = 0; i < levels; i++) {
    const [row] = await db.select({ managerId: users.managerId }).from(users).where(eq(users.id, current));
    if (!row?.managerId) return null;
    const [manager] = await db
      .select({ userId: users.id, name: users.name, status: users.status })
      .from(users)
      .where(eq(users.id, row.managerId));
    if (!manager) return null;
    current = manager.userId;
    person = { userId: manager.userId, name: manager.name };
    if (i === levels - 1 && manager.status !== 'active') return null;
  }
  return person;
}
