/**
 * The two DingTalk error envelopes (dingtalk-api.md §0.1): the new API answers 4xx/5xx with
 * `{code, message, requestid}`; the old API answers HTTP 200 with a non-zero `errcode`. Yida's OpenAPI
 * uses the new-API envelope. Handlers throw these; the server renders them.
 */
export class NewApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NewApiError';
  }
}

export class OldApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg);
    this.name = 'OldApiError';
  }
}

/** Control-API errors: `{ error: { code, message } }`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
