'use client';

import { DeleteOutlined, PlusOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { Button, Flex, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useDeleteView, useSavedViews, useUpdateView } from '@/lib/client/queries/use-inbox';
import { useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import type { SavedViewDto } from '@/lib/tasks/saved-views';
import type { FilterParams } from './InboxFilters';

/** The save dialog (a modal with its form) loads when first opened, not with the page. */
const SaveViewDialog = lazy(() => import('./SaveViewDialog').then((m) => ({ default: m.SaveViewDialog })));

export function viewParams(v: SavedViewDto): FilterParams {
  return { ...v.filters, ...(v.sort ? { sort: v.sort } : {}) };
}
function sameParams(a: FilterParams, b: FilterParams): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

/** 我的视图: the viewer's saved filters for this inbox view, stored server-side; one may be the default. */
export function SavedViewsPanel({
  view,
  params,
  onApply,
}: {
  view: InboxView;
  params: FilterParams;
  onApply(params: FilterParams): void;
}) {
  const t = useT('inbox');
  const views = useSavedViews();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [isSaving, setSaving] = useState(false);
  // Mounted from its first opening on (and kept, so it can animate closed).
  const [isSaveUsed, setSaveUsed] = useState(false);
  const mine = (views.data ?? []).filter((v) => v.view === view);

  return (
    <div data-testid="saved-views">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('views')}</Typography.Text>
        <Tooltip title={t('views.save')}>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => {
              setSaveUsed(true);
              setSaving(true);
            }}
            aria-label={t('views.save')}
          />
        </Tooltip>
      </Flex>
      <Flex vertical gap={2} role="list">
        {[null, ...mine].map((v) => {
          const target = v ? viewParams(v) : {};
          const isActive = sameParams(target, params);
          return (
            <Flex
              key={v?.id ?? 'all'}
              role="listitem"
              align="center"
              justify="space-between"
              gap={4}
              style={{
                padding: '4px 8px',
                cursor: 'pointer',
                borderRadius: 6,
                background: isActive ? 'rgba(22,119,255,0.08)' : undefined,
              }}
              onClick={() => onApply(target)}
            >
              <Flex align="center" gap={4} style={{ minWidth: 0 }}>
                <Typography.Text strong={isActive} ellipsis={{ tooltip: v?.name }} style={{ minWidth: 0 }}>
                  {v ? v.name : t('views.all')}
                </Typography.Text>
                {v?.isDefault && <Tag style={{ marginInlineEnd: 0 }}>{t('views.isDefault')}</Tag>}
              </Flex>
              {v && (
                <Flex>
                  <Tooltip title={t('views.default')}>
                    <Button
                      type="text"
                      size="small"
                      icon={v.isDefault ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
                      onClick={(e) => {
                        e.stopPropagation();
                        update.mutate({ id: v.id, isDefault: !v.isDefault });
                      }}
                      aria-label={t('views.default')}
                    />
                  </Tooltip>
                  <Tooltip title={t('views.delete')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={(e) => {
                        e.stopPropagation();
                        remove.mutate(v.id);
                      }}
                      aria-label={t('views.delete')}
                    />
                  </Tooltip>
                </Flex>
              )}
            </Flex>
          );
        })}
        {mine.length === 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12, padding: '4px 8px' }}>
            {t('views.empty')}
          </Typography.Text>
        )}
      </Flex>
      {isSaveUsed && (
        <Suspense fallback={null}>
          <SaveViewDialog view={view} params={params} open={isSaving} onClose={() => setSaving(false)} />
        </Suspense>
      )}
    </div>
  );
}
