'use client';

import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '@/lib/client/api-client';
import { useT } from '@/lib/i18n/locale-context';

/** An uploaded file as an attachments field holds it (the answer of `POST /api/uploads`). */
export type UploadedFile = { fileId: string; fileName: string; size: number; contentType: string };

type Props = {
  value?: UploadedFile[];
  onChange?: (value: UploadedFile[]) => void;
  maxFiles?: number;
  disabled?: boolean;
  id?: string;
};

function toUploadFile(f: UploadedFile): UploadFile<UploadedFile> {
  return { uid: f.fileId, name: f.fileName, size: f.size, type: f.contentType, status: 'done', response: f };
}

/**
 * Files for an attachments field: each is uploaded at once to Huiban's storage (`POST /api/uploads`, field
 * `file`) and the field's value is the list of uploaded files. A failed upload stays in the list, red, with
 * the server's reason, and is not part of the value.
 */
export function AttachmentsInput({ value, onChange, maxFiles = 9, disabled, id }: Props) {
  const t = useT('workflows');
  const [fileList, setFileList] = useState<UploadFile<UploadedFile>[]>(() => (value ?? []).map(toUploadFile));
  // A reset form (value cleared from outside) clears the list too.
  useEffect(() => {
    if (!value || value.length === 0)
      setFileList((list) => list.filter((f) => f.status === 'uploading' || f.status === 'error'));
  }, [value]);

  return (
    <Upload<UploadedFile>
      id={id}
      multiple
      disabled={disabled}
      fileList={fileList}
      maxCount={maxFiles}
      customRequest={async ({ file, onSuccess, onError, onProgress }) => {
        const body = new FormData();
        body.append('file', file as Blob);
        onProgress?.({ percent: 30 });
        try {
          const response = await fetch('/api/uploads', { method: 'POST', body });
          const json = (await response.json().catch(() => null)) as
            | (UploadedFile & { error?: { code: string; message: string } })
            | null;
          if (!response.ok || !json || json.error)
            throw new ApiError(
              response.status,
              json?.error?.code ?? 'internal',
              json?.error?.message ?? t('form.uploadFailed'),
            );
          onSuccess?.(json);
        } catch (error) {
          onError?.(error as Error);
        }
      }}
      onChange={({ fileList: next }) => {
        const list = next.map((f) =>
          f.status === 'error' ? { ...f, response: undefined, error: f.error } : f,
        ) as UploadFile<UploadedFile>[];
        setFileList(list);
        const done = list
          .filter((f) => f.status === 'done' && f.response)
          .map((f) => f.response as UploadedFile);
        const uploading = list.some((f) => f.status === 'uploading');
        if (!uploading) onChange?.(done);
      }}
    >
      {!disabled && fileList.length < maxFiles && (
        <Button icon={<UploadOutlined />}>{t('form.upload')}</Button>
      )}
    </Upload>
  );
}
