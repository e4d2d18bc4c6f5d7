'use client';

import { Modal, Select } from 'antd';
import { useState } from 'react';
import { type UnmappedIdentity, useLinkIdentity } from '@/lib/client/queries/use-identities';
import { useUserSearch } from '@/lib/client/queries/use-instance';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

export function LinkModal(props: {
  identity: UnmappedIdentity;
  onClose: () => void;
  onLinked: (n: number) => void;
}) {
  const t = useT('identities');
  const toast = useToast();
  const [q, setQ] = useState('');
  const [userId, setUserId] = useState<string>();
  const people = useUserSearch(q);
  const link = useLinkIdentity();
  return (
    <Modal
      open
      title={t('link.title', { name: props.identity.name ?? props.identity.externalUserId })}
      onCancel={props.onClose}
      okText={t('link')}
      okButtonProps={{ disabled: !userId, loading: link.isPending }}
      onOk={() =>
        userId &&
        link.mutate(
          { identityId: props.identity.id, userId },
          {
            onSuccess: (result) => props.onLinked(result.tasks),
            onError: toast.error,
          },
        )
      }
    >
      <Select
        showSearch
        autoFocus
        style={{ width: '100%' }}
        placeholder={t('link.pick')}
        aria-label={t('link.pick')}
        filterOption={false}
        onSearch={setQ}
        value={userId}
        onChange={setUserId}
        loading={people.isFetching}
        options={(people.data?.items ?? []).map((u) => ({
          value: u.id,
          label: u.department ? t('common:withDetail', { name: u.name, detail: u.department }) : u.name,
        }))}
      />
    </Modal>
  );
}
