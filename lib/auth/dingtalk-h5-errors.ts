/**
 * Why a 免登 sign-in did not happen; the login page shows a message for each (never an error page):
 * `code_invalid` — the code was used, expired or is not this corp's (40078): ask for a new one;
 * `not_linked` — DingTalk knows the person, Huiban has no user linked to them;
 * `corp_refused` — no connector serves that corp; `unavailable` — DingTalk could not be asked;
 * `throttled` — too many failures from this address (the password login's rule).
 */
export type DingTalkCodeSignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'code_invalid' | 'not_linked' | 'corp_refused' | 'unavailable' | 'invalid_input' }
  | { ok: false; reason: 'throttled'; retryAt: Date };

/** The next-auth provider id of 免登 (a credentials provider taking `corpId`, `clientId`, `code`). */
export const DINGTALK_H5_PROVIDER = 'dingtalk-h5';

export type DingTalkCodeSignIn = (input: {
  corpId: string;
  clientId?: string | null;
  code: string;
  ip?: string | null;
  userAgent?: string | null;
}) => Promise<DingTalkCodeSignInResult>;

type FailureReason = Extract<DingTalkCodeSignInResult, { ok: false }>['reason'];

/**
 * The `error` next-auth hands back to the login page for each failed 免登, shared by the provider and the page
 * (client-safe: no server imports). `TooManyAttempts` is the password login's own.
 */
export const DINGTALK_H5_ERRORS: Record<FailureReason, string> = {
  code_invalid: 'DingTalkCodeInvalid',
  not_linked: 'DingTalkNotLinked',
  corp_refused: 'DingTalkCorpRefused',
  unavailable: 'DingTalkUnavailable',
  invalid_input: 'DingTalkCodeInvalid',
  throttled: 'TooManyAttempts',
};
