/** An upload to the approval space between its upload info (wave2 §3.3) and its commit (§3.5). */
export type PendingUpload = {
  uploadKey: string;
  corpId: string;
  spaceId: string;
  /** The operator (the unionId of the upload-info call); only they may commit it. */
  unionId: string;
  expiresAt: number;
  /** Set by the PUT of step C. */
  bytes?: Buffer;
  /** Set by the commit: committing the same uploadKey again answers the same dentry. */
  fileId?: string;
};
