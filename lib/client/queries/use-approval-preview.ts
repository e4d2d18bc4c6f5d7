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
 * stays on screen meanwhile, so the card does not flicker.
 */
export function useApprovalPreview(definitionId: string, values: Record<string, unknown> | undefined) {
  const typed = JSON.stringify(values ?? {});
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
        json: { values: JSON.parse(settled) as Record<string, unknown> },
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
