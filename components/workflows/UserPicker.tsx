'use client';

import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useUserSearch } from '@/lib/client/queries/use-instance';
import { useUsersByIds } from '@/lib/client/queries/use-workflows';
import { useT } from '@/lib/i18n/locale-context';

type Props = {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  disabled?: boolean;
  id?: string;
  'data-testid'?: string;
};

/** Picks colleagues by name (`GET /api/users?q=`); shows the names of users chosen earlier (`?ids=`). */
export function UserPicker({ value, onChange, multiple, disabled, id, ...rest }: Props) {
  const t = useT('workflows');
  const [q, setQ] = useState('');
  const search = useUserSearch(q);
  const chosen = useMemo(() => (Array.isArray(value) ? value : value ? [value] : []), [value]);
  const known = useUsersByIds(chosen);
  const options = useMemo(() => {
    const byId = new Map<string, { value: string; label: string }>();
    for (const u of [...(known.data ?? []), ...(search.data?.items ?? [])])
      byId.set(u.id, {
        value: u.id,
        label: u.department ? t('common:withDetail', { name: u.name, detail: u.department }) : u.name,
      });
    return [...byId.values()];
  }, [known.data, search.data, t]);
  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      disabled={disabled}
      placeholder={t('form.userPlaceholder')}
      value={multiple ? chosen : (chosen[0] ?? undefined)}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      loading={search.isFetching}
      style={{ minWidth: 200 }}
    />
  );
}
