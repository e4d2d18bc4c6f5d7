import { describe, expect, it } from 'vitest';
import { batchOutcome } from './BatchApproveModal';

describe('batch approve outcome', () => {
  it('never counts a write-back that has not ended as a success', () => {
    const outcome = batchOutcome({
      t1: { status: 'ok', actionId: 'a1' },
      t2: { status: 'failed', actionId: 'a2', reason: 'instance gone' },
      t3: { status: 'processing', actionId: 'a3' },
      t4: { status: 'pending', actionId: 'a4' },
    });
    expect(outcome.succeeded).toEqual(['t1']);
    expect(outcome.failed).toEqual({ t2: 'instance gone' });
    expect(outcome.pending).toEqual(['t3', 't4']);
  });
});
