const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  zip: 'application/zip',
};

/** A MIME type from the file name, or from a stored type that is already a MIME type; else octet-stream. */
export function contentTypeOf(fileName: string, stored: string | null): string {
  if (stored?.includes('/') && !stored.includes('html')) return stored;
  const ext = (stored && !stored.includes('/') ? stored : (fileName.split('.').pop() ?? '')).toLowerCase();
  return BY_EXTENSION[ext] ?? 'application/octet-stream';
}

/** Types the browser can show in place (the detail page previews these). */
export function isPreviewable(type: string): boolean {
  return type.startsWith('image/') || type === 'application/pdf';
}
