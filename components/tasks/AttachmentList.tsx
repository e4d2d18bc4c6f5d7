'use client';

import {
  DownloadOutlined,
  EyeOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileTextOutlined,
} from '@ant-design/icons';
import { Button, Flex, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ClientLinkButton } from '@/components/common/ClientLinkButton';
import { useT } from '@/lib/i18n/locale-context';
import type { AttachmentView } from '@/lib/tasks/instance-queries';

function iconOf(name: string) {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  if (['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(ext)) return <FileImageOutlined />;
  if (ext === 'pdf') return <FilePdfOutlined />;
  if (['txt', 'csv', 'md'].includes(ext)) return <FileTextOutlined />;
  return <FileOutlined />;
}

function sizeOf(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Files with name, size and type icon; preview (images in place, PDFs in the browser's viewer) and download,
 * all from Huiban's own storage.
 */
export function AttachmentList({ files }: { files: AttachmentView[] }) {
  const t = useT('instance');
  const [preview, setPreview] = useState<AttachmentView | null>(null);
  if (files.length === 0) return null;
  return (
    <Flex vertical gap={4}>
      <Modal
        open={preview !== null}
        title={preview?.fileName}
        footer={null}
        width={880}
        onCancel={() => setPreview(null)}
        destroyOnHidden
      >
        {preview && (
          // biome-ignore lint/performance/noImgElement: an authenticated, streamed attachment, not a static asset
          <img
            src={`/api/attachments/${preview.id}`}
            alt={preview.fileName}
            style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }}
            data-testid="attachment-preview"
          />
        )}
      </Modal>
      {files.map((f) => {
        const isImage = /\.(png|jpe?g|gif|webp)$/i.test(f.fileName);
        const isPdf = /\.pdf$/i.test(f.fileName);
        return (
          // The name takes the line and wraps at any character; size and buttons follow it, or move to the
          // next line on a narrow screen, instead of squeezing the name to a character per line.
          <Flex key={f.id} align="center" wrap gap={8} data-testid="attachment">
            <Flex align="center" gap={8} style={{ flex: '1 1 12em', minWidth: 0 }}>
              {iconOf(f.fileName)}
              <Typography.Text style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                {f.fileName}
              </Typography.Text>
            </Flex>
            <Flex align="center" gap={4} style={{ flex: 'none' }}>
              <Typography.Text type="secondary">{sizeOf(f.fileSize)}</Typography.Text>
              {f.isAvailable ? (
                <>
                  {isImage && (
                    <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setPreview(f)}>
                      {t('preview')}
                    </Button>
                  )}
                  {isPdf && (
                    <ClientLinkButton
                      size="small"
                      type="link"
                      icon={<EyeOutlined />}
                      href={`/api/attachments/${f.id}`}
                      target="_blank"
                    >
                      {t('preview')}
                    </ClientLinkButton>
                  )}
                  <ClientLinkButton
                    size="small"
                    type="link"
                    icon={<DownloadOutlined />}
                    href={`/api/attachments/${f.id}?download=1`}
                  >
                    {t('download')}
                  </ClientLinkButton>
                </>
              ) : (
                <Tag>{t('syncing')}</Tag>
              )}
            </Flex>
          </Flex>
        );
      })}
    </Flex>
  );
}
