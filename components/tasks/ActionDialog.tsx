'use client';

import { Modal, type ModalProps } from 'antd';
import css from '@/components/layout/responsive.module.css';
import { isSubmitChord } from './keyboard';

/**
 * The dialog of a task action (同意 / 拒绝 / 转交 / 评论 / 撤销, 批量同意): an antd Modal that is a bottom sheet on a
 * phone (CSS only, so tests and focus handling see one dialog either way) and submits on Ctrl/Cmd+Enter.
 */
export function ActionDialog({ onOk, children, rootClassName, ...props }: ModalProps) {
  return (
    <Modal {...props} onOk={onOk} rootClassName={`${css.sheet} ${rootClassName ?? ''}`}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: catches the chord typed in any field of the dialog */}
      <div
        onKeyDown={(event) => {
          if (!isSubmitChord(event) || !onOk || props.confirmLoading) return;
          event.preventDefault();
          onOk(event as unknown as React.MouseEvent<HTMLButtonElement>);
        }}
      >
        {children}
      </div>
    </Modal>
  );
}
