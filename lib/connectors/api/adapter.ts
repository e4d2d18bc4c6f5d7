import { AdapterError, type SourceAdapter } from '../types';
import './api-notice-policy';
import { deliverActionCallback } from './deliver-action-callback';
import { parsePersonKey, personKey } from './resolve-people';

/**
 * Systems that push through the open REST API (`/api/open/v1`). They push their whole state, so there is
 * nothing to fetch: the stored instance is the source's last word. Acting on one of their tasks is a signed
 * callback to the connector's callback URL, confirmed by its 2xx answer.
 */
export const apiAdapter: SourceAdapter = {
  kind: 'api',
  confirmsOnAct: true,

  // No API to re-read: reconciliation and read-your-writes have nothing to fetch (null = nothing new).
  async fetchSnapshot() {
    return null;
  },

  async openAttachment() {
    throw new AdapterError('the open API does not carry attachments', { retryable: false });
  },

  // The identity key carries the email or mobile the caller gave, which resolve-identity matches on.
  async fetchUserProfile(_ctx, externalUserId) {
    const key = parsePersonKey(externalUserId);
    if (!key) return null;
    return {
      externalUserId,
      email: key.kind === 'email' ? key.value : null,
      mobile: key.kind === 'mobile' ? key.value : null,
    };
  },

  // Any Huiban user can be named to the source by their user id (the callback carries it).
  identityKeyForUser(userId) {
    return personKey({ userId });
  },

  // No moreActions: 加签 / 退回 / 撤回 / 再次提交 are not offered for open-API sources (their callback contract has
  // agree / refuse / transfer / comment / revoke only).
  act(ctx, request) {
    return deliverActionCallback(ctx.db, ctx.connector, request);
  },
};
