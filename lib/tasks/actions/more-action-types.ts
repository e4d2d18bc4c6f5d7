import type { MoreActionsView } from './get-more-actions';
import type { MoreActionInput } from './more-action-input';

/** What GET /api/instances/{id}/more-actions answers (types only: safe for client components). */
export type GetMoreActionsResult = MoreActionsView;
/** POST /api/tasks/{taskId}/more-actions body as the client sends it. */
export type MoreActionBody = MoreActionInput;
