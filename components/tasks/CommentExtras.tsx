'use client';

import { Flex, Select, type SelectProps, Typography } from 'antd';
import type { Ref } from 'react';
import { useState } from 'react';
import { AttachmentsInput, type UploadedFile } from '@/components/workflows/AttachmentsInput';
import { useUserSearch } from '@/lib/client/queries/use-instance';
import { useT } from '@/lib/i18n/locale-context';

/** What a comment carries besides its text: @-mentioned people and uploaded files. */
export type CommentExtrasValue = { mentions: { value: string; label: string }[]; files: UploadedFile[] };

/** What of a comment the instance's source takes besides its text (commentWriteBackOf on the server). */
export type CommentCapabilities = { files: boolean; mentions: boolean; isHuiban: boolean };

type Props = {
  value: CommentExtrasValue;
  onChange(value: CommentExtrasValue): void;
  capabilities: CommentCapabilities;
  /** The source's name as the page shows it (DingTalk, Yida…), for the hints. */
  sourceName: string;
  pickerRef?: Ref<{ focus(): void } | null>;
  /** Opens the picker's list (after `@` is typed in the comment). */
  open?: boolean;
  onOpenChange?(open: boolean): void;
};

/**
 * The comment dialog's @ picker (search people; each is notified and may then read this instance) and files
 * (uploaded to Huiban's storage at once), with what the source will and will not receive.
 */
export function CommentExtras({
  value,
  onChange,
  capabilities,
  sourceName,
  pickerRef,
  open,
  onOpenChange,
}: Props) {
  const t = useT('comments');
  const [q, setQ] = useState('');
  const people = useUserSearch(q);
  const options: SelectProps['options'] = (people.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.name,
    title: u.department ?? undefined,
  }));
  const hints: string[] = [t('mention.hint')];
  if (!capabilities.isHuiban) {
    hints.push(
      t(capabilities.mentions ? 'hint.mentionsToSource' : 'hint.mentionsTextOnly', { source: sourceName }),
    );
    hints.push(t(capabilities.files ? 'hint.filesToSource' : 'hint.filesHuibanOnly', { source: sourceName }));
  }
  return (
    <Flex vertical gap={8} style={{ marginTop: 12 }} data-testid="comment-extras">
      <Select
        ref={pickerRef as never}
        mode="multiple"
        labelInValue
        showSearch
        filterOption={false}
        open={open}
        onOpenChange={onOpenChange}
        placeholder={t('mention.pick')}
        prefix="@"
        data-testid="mention-picker"
        style={{ width: '100%' }}
        onSearch={setQ}
        value={value.mentions}
        onChange={(mentions: { value: string; label: string }[]) => onChange({ ...value, mentions })}
        options={options}
        maxCount={20}
      />
      <AttachmentsInput
        value={value.files}
        onChange={(files) => onChange({ ...value, files })}
        maxFiles={20}
      />
      {hints.map((h) => (
        <Typography.Text key={h} type="secondary" style={{ fontSize: 12 }}>
          {h}
        </Typography.Text>
      ))}
    </Flex>
  );
}
