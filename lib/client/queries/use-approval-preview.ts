'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ChainPreview, ForecastNode } from '@/lib/connectors/local/build-chain-preview';
import { apiFetch } from '../api-client';

export type { ChainPreview, ForecastNode };

/** How long typing pauses before the chain is asked for again. */
const SETTLE_MS = 400;

/**
 * The approval chain for the form as typed (发起申请): asked again once typing pauses; the previous chain
 * stays on screen meanwhile, so the card does not flicker. `dingtalkDeptId`: the department chosen when the
 * form asks (the DingTalk step's forecast uses the one the start will send).
 */
export function useApprovalPreview(
  definitionId: string,
  request: { values: Record<string, unknown>; dingtalkDeptId?: string } | undefined,
) {
  const typed = JSON.stringify(request ?? { values: {} });
  const [settled, setSettled] = useState(typed);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(typed), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  return useQuery({
    queryKey: ['workflows', 'preview', definitionId, settled] as const,
    queryFn: () =>
      apiFetch<ChainPreview>(`/api/workflows/${definitionId}/preview`, {
        method: 'POST',
        json: JSON.parse(settled) as { values: Record<string, unknown>; dingtalkDeptId?: string },
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
