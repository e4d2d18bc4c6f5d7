import { and, eq, inArray, like, not, notInArray, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { processInstances, sameApprovalKeys, sameApprovalLinks, sameApprovalRules } from '@/db/schema';
import type { SameApprovalKey } from '@/lib/tasks/snapshot';

type Value = { name: string; value: unknown; display?: string | null };

const RANK: Record<SameApprovalKey['role'], number> = { started: 3, own: 2, mirror: 1 };
const RULE_PREFIX = 'rule:';

/** The text a form value is compared by in a rule (what the page shows), or null when blank. */
export function ruleValueOf(values: Value[], field: string) {
  const v = values.find((x) => x.name === field);
  if (!v) return null;
  const text = (
    v.display ?? (v.value == null ? '' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value))
  )
    .trim()
    .slice(0, 200);
  return text || null;
}

/**
 * "One task for one approval": records which keys name the approval this instance is (the snapshot's
 * `sameApproval` keys, and the admin's field rules matching its process), then, for every key another instance
 * shares, decides the group's primary and links every other copy to it (same_approval_links). Called by
 * applySnapshot() in its transaction, so the link is decided when the second copy arrives, in either order.
 *
 * Race-free across concurrent writers: each key is locked (transaction advisory lock, in key order) before the
 * group is read, so of two copies arriving at once the second sees the first's committed key. Idempotent: the
 * same keys give the same primary (highest rank, then the earliest created, then the lowest id) and the same rows.
 */
export type LinkSameApprovalInput = {
  instanceId: string;
  connectorId: string;
  /** The process the rules match: its code, else its name (open-API instances carry only a name). */
  processCode: string | null;
  formValues: Value[];
  keys: SameApprovalKey[] | undefined;
};

export async function linkSameApproval(tx: Tx, input: LinkSameApprovalInput): Promise<{ linked: number }> {
  const { instanceId } = input;
  if (input.keys !== undefined) {
    const wanted = input.keys.map((k) => k.key);
    await tx
      .delete(sameApprovalKeys)
      .where(
        and(
          eq(sameApprovalKeys.instanceId, instanceId),
          not(like(sameApprovalKeys.key, `${RULE_PREFIX}%`)),
          wanted.length ? notInArray(sameApprovalKeys.key, wanted) : undefined,
        ),
      );
    for (const k of input.keys)
      await tx
        .insert(sameApprovalKeys)
        .values({ instanceId, key: k.key, rank: RANK[k.role] })
        .onConflictDoUpdate({
          target: [sameApprovalKeys.instanceId, sameApprovalKeys.key],
          set: { rank: RANK[k.role] },
        });
  }

  const ruleKeys = await ruleKeysOf(tx, input);
  await tx.delete(sameApprovalKeys).where(
    and(
      eq(sameApprovalKeys.instanceId, instanceId),
      like(sameApprovalKeys.key, `${RULE_PREFIX}%`),
      ruleKeys.length
        ? notInArray(
            sameApprovalKeys.key,
            ruleKeys.map((k) => k.key),
          )
        : undefined,
    ),
  );
  for (const k of ruleKeys)
    await tx
      .insert(sameApprovalKeys)
      .values({ instanceId, key: k.key, rank: k.rank })
      .onConflictDoUpdate({
        target: [sameApprovalKeys.instanceId, sameApprovalKeys.key],
        set: { rank: k.rank },
      });

  const mine = (
    await tx
      .select({ key: sameApprovalKeys.key })
      .from(sameApprovalKeys)
      .where(eq(sameApprovalKeys.instanceId, instanceId))
  )
    .map((k) => k.key)
    .sort();
  if (mine.length === 0) return { linked: 0 };
  for (const key of mine)
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`same-approval:${key}`}))`);

  let linked = 0;
  for (const key of mine) {
    const group = await tx
      .select({
        instanceId: sameApprovalKeys.instanceId,
        rank: sameApprovalKeys.rank,
        createdAt: processInstances.sourceCreatedAt,
      })
      .from(sameApprovalKeys)
      .innerJoin(processInstances, eq(processInstances.id, sameApprovalKeys.instanceId))
      .where(eq(sameApprovalKeys.key, key));
    if (group.length < 2) continue;
    group.sort(
      (a, b) =>
        b.rank - a.rank ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.instanceId.localeCompare(b.instanceId),
    );
    const [primary, ...twins] = group;
    if (!primary) continue;
    const reason = key.startsWith(RULE_PREFIX)
      ? 'rule'
      : group.some((g) => g.rank === RANK.started)
        ? 'started'
        : 'mirror';
    // The primary is nobody's twin (a copy that started the others may arrive after they were linked).
    await tx.delete(sameApprovalLinks).where(eq(sameApprovalLinks.twinInstanceId, primary.instanceId));
    for (const twin of twins) {
      await tx
        .insert(sameApprovalLinks)
        .values({ primaryInstanceId: primary.instanceId, twinInstanceId: twin.instanceId, reason, key })
        .onConflictDoUpdate({
          target: sameApprovalLinks.twinInstanceId,
          set: { primaryInstanceId: primary.instanceId, reason, key },
        });
      linked++;
    }
  }
  return { linked };
}

/**
 * linkSameApproval() for every instance of a batch (applySnapshots()): two queries find the instances that can
 * have a key at all (keys in their snapshot, keys stored before, or an enabled rule on their connector); only
 * those are linked one by one. For any other instance linkSameApproval() would find nothing to add, delete or
 * link, so skipping it changes nothing.
 */
export async function linkSameApprovals(tx: Tx, inputs: LinkSameApprovalInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const connectorIds = [...new Set(inputs.map((i) => i.connectorId))];
  const r = sameApprovalRules;
  const ruled = new Set(
    (
      await tx
        .selectDistinct({ a: r.aConnectorId, b: r.bConnectorId })
        .from(r)
        .where(
          and(
            eq(r.enabled, true),
            or(inArray(r.aConnectorId, connectorIds), inArray(r.bConnectorId, connectorIds)),
          ),
        )
    ).flatMap((rule) => [rule.a, rule.b]),
  );
  const keyed = new Set(
    (
      await tx
        .selectDistinct({ instanceId: sameApprovalKeys.instanceId })
        .from(sameApprovalKeys)
        .where(
          inArray(
            sameApprovalKeys.instanceId,
            inputs.map((i) => i.instanceId),
          ),
        )
    ).map((k) => k.instanceId),
  );
  for (const input of inputs) {
    const mayHaveKeys =
      (input.keys?.length ?? 0) > 0 ||
      keyed.has(input.instanceId) ||
      (input.processCode !== null && ruled.has(input.connectorId));
    if (mayHaveKeys) await linkSameApproval(tx, input);
  }
}

/** The rule keys of an instance: `rule:<rule id>:<value>` for each enabled rule one of whose sides is its process. */
async function ruleKeysOf(
  tx: Tx,
  input: { connectorId: string; processCode: string | null; formValues: Value[] },
): Promise<{ key: string; rank: number }[]> {
  if (!input.processCode) return [];
  const r = sameApprovalRules;
  const rules = await tx
    .select()
    .from(r)
    .where(
      and(
        eq(r.enabled, true),
        or(
          and(eq(r.aConnectorId, input.connectorId), eq(r.aProcessCode, input.processCode)),
          and(eq(r.bConnectorId, input.connectorId), eq(r.bProcessCode, input.processCode)),
        ),
      ),
    );
  const keys: { key: string; rank: number }[] = [];
  for (const rule of rules) {
    const isA = rule.aConnectorId === input.connectorId && rule.aProcessCode === input.processCode;
    const value = ruleValueOf(input.formValues, isA ? rule.aField : rule.bField);
    if (value) keys.push({ key: `${RULE_PREFIX}${rule.id}:${value}`, rank: isA ? RANK.own : RANK.mirror });
  }
  return keys;
}
