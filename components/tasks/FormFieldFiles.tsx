'use client';

import { Flex, Image } from 'antd';
import type { AttachmentView } from '@/lib/tasks/instance-queries';
import { AttachmentList } from './AttachmentList';

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

/** The file names a form value lists (Yida `[{name, downloadUrl}]`, DingTalk `[{fileName, fileId}]`). */
function namesIn(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const f = item as { name?: unknown; fileName?: unknown } | null;
    const name = f?.name ?? f?.fileName;
    return typeof name === 'string' && name ? [name] : [];
  });
}

/**
 * The files of one image/attachment field, from Huiban's copies: images as thumbnails (click to enlarge), every
 * file with its preview/download actions. A value that names no file shows all of the form's files.
 */
export function FormFieldFiles({ value, attachments }: { value: unknown; attachments: AttachmentView[] }) {
  const names = namesIn(value);
  const files = names.length ? attachments.filter((a) => names.includes(a.fileName)) : attachments;
  const images = files.filter((f) => f.isAvailable && IMAGE.test(f.fileName));
  return (
    <Flex vertical gap={8}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Flex wrap gap={8}>
            {images.map((f) => (
              <Image
                key={f.id}
                src={`/api/attachments/${f.id}`}
                alt={f.fileName}
                width={96}
                height={96}
                style={{ objectFit: 'cover' }}
                data-testid="form-image"
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      <AttachmentList files={files} />
    </Flex>
  );
}
