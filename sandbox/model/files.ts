import { createHash } from 'node:crypto';
import type { SandboxState } from './state';
import type { FileRef, StoredFile } from './types';

export type NewFile = {
  fileName: string;
  bytes: Buffer;
  fileType?: string;
  usage: StoredFile['usage'];
  processInstanceId?: string;
};

/** Stores real bytes in the org's approval drive space and returns the stored file. */
export function storeFile(state: SandboxState, corpId: string, input: NewFile): StoredFile {
  const org = state.org(corpId);
  const ext = input.fileName.includes('.') ? (input.fileName.split('.').pop() ?? '') : '';
  const file: StoredFile = {
    fileId: state.ids.fileId(),
    spaceId: org.spaceId,
    fileName: input.fileName,
    fileType: input.fileType ?? ext.toLowerCase(),
    bytes: input.bytes,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    corpId,
    usage: input.usage,
    processInstanceId: input.processInstanceId,
  };
  state.files.set(file.fileId, file);
  return file;
}

/** The `{spaceId, fileId, fileName, fileSize, fileType}` shape of §6 (all strings). */
export function fileRef(file: StoredFile): FileRef {
  return {
    spaceId: file.spaceId,
    fileId: file.fileId,
    fileName: file.fileName,
    fileSize: String(file.bytes.length),
    fileType: file.fileType,
  };
}
