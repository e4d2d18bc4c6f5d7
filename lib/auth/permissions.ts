import { AppError } from '@/lib/errors';
import type { Viewer } from './viewer';

/**
 * The one admin rule (style rule 3: authorization lives in the domain function). Every `…AsAdmin` function
 * starts with it, so a caller that forgot the route's admin level still gets a 403, never the data.
 */
export function assertAdmin(viewer: Viewer): void {
  if (!viewer.isAdmin) throw new AppError('forbidden', '需要管理员权限');
}
