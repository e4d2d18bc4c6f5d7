import type { Tx } from '@/db/client';

/** An instance applySnapshot() just wrote (not a stale snapshot), in the writing transaction. */
export type AppliedInstance = {
  connectorId: string;
  source: string;
  externalId: string;
  status: string;
  result: string | null;
};

/** Gets every instance one apply wrote (one for applySnapshot(), a whole batch for applySnapshots()). */
type InstanceAppliedHook = (tx: Tx, instances: AppliedInstance[]) => Promise<void>;

const hooks = new Map<string, InstanceAppliedHook>();

/**
 * Lets a connector react to any instance applySnapshot() writes, in the same transaction, without the write
 * path knowing which source cares (the local workflow engine resumes a step waiting on a DingTalk approval).
 * Registered by name, so importing a module twice keeps one hook. A hook gets the instances of one apply
 * together, so a batch of 500 costs it a query or two, not 500.
 */
export function onInstanceApplied(name: string, hook: InstanceAppliedHook): void {
  hooks.set(name, hook);
}

export async function runInstanceAppliedHooks(tx: Tx, instances: AppliedInstance[]): Promise<void> {
  if (instances.length === 0) return;
  for (const hook of hooks.values()) await hook(tx, instances);
}
