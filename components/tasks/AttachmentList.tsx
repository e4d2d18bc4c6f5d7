'use client';

import {
  DownloadOutlined,
  EyeOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileTextOutlined,
} from '@ant-design/icons';
import { Button, Flex, Tag, Typography } from 'antd';
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

/** Files with name, size and type icon; preview (images, PDF) and download from Huiban's own storage. */
export function AttachmentList({ files }: { files: AttachmentView[] }) {
  if (files.length === 0) return null;
  return (
    <Flex vertical gap={4}>
      {files.map((f) => {
        const canPreview = /\.(png|jpe?g|gif|webp|pdf)$/i.test(f.fileName);
        return (
          <Flex key={f.id} align="center" gap={8} data-testid="attachment">
            {iconOf(f.fileName)}
            <Typography.Text>{f.fileName}</Typography.Text>
            <Typography.Text type="secondary">{sizeOf(f.fileSize)}</Typography.Text>
            {f.isAvailable ? (
              <>
                {canPreview && (
                  <Button
                    size="small"
                    type="link"
                    icon={<EyeOutlined />}
                    href={`/api/attachments/${f.id}`}
                    target="_blank"
                  >
                    预览
                  </Button>
                )}
                <Button
                  size="small"
                  type="link"
                  icon={<DownloadOutlined />}
                  href={`/api/attachments/${f.id}?download=1`}
                >
                  下载
                </Button>
              </>
            ) : (
              <Tag>同步中</Tag>
            )}
          </Flex>
        );
      })}
    </Flex>
  );
}
