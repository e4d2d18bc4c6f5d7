/**
 * Shared rules of the inbox and detail page shortcuts: a key typed into a field, or pressed while a dialog or
 * drawer is open, is not a shortcut.
 */
export function isShortcutBlocked(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable))
    return true;
  if (event.metaKey || event.ctrlKey || event.altKey) return true;
  return isOverlayOpen();
}

/**
 * Whether a modal or drawer is showing. antd keeps a closed modal's wrapper in the DOM (hidden) unless it is
 * destroyed on close, so presence alone is not enough: only a displayed one counts.
 */
export function isOverlayOpen(): boolean {
  // getClientRects is empty for an element (or one inside an element) with display: none.
  return [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap, .ant-drawer-content-wrapper')].some(
    (el) => el.getClientRects().length > 0,
  );
}

/** Ctrl+Enter (Cmd+Enter on a Mac) submits the dialog it is typed in. */
export function isSubmitChord(event: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}
