import type { Tx } from '@/db/client';

/** An instance applySnapshot() just wrote (not a stale snapshot), in the writing transaction. */
export type AppliedInstance = {
  connectorId: string;
  source: string;
  externalId: string;
  status: string;
  result: string | null;
};

type InstanceAppliedHook = (tx: Tx, instance: AppliedInstance) => Promise<void>;

const hooks = new Map<string, InstanceAppliedHook>();

/**
 * Lets a connector react to any instance applySnapshot() writes, in the same transaction, without the write
 * path knowing which source cares (the local workflow engine resumes a step waiting on a DingTalk approval).
 * Registered by name, so importing a module twice keeps one hook.
 */
export function onInstanceApplied(name: string, hook: InstanceAppliedHook): void {
  hooks.set(name, hook);
}

export async function runInstanceAppliedHooks(tx: Tx, instance: AppliedInstance): Promise<void> {
  for (const hook of hooks.values()) await hook(tx, instance);
}
