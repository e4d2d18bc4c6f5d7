'use client';

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';

/** The remove button at the end of a Form.List row. */
export function RemoveRowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return <Button type="text" danger icon={<DeleteOutlined />} aria-label={label} onClick={onClick} />;
}

/** The dashed "add a row" button under a Form.List. */
export function AddRowButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button
      type="dashed"
      icon={<PlusOutlined />}
      onClick={onClick}
      style={{ display: 'block', marginTop: 8 }}
    >
      {children}
    </Button>
  );
}
