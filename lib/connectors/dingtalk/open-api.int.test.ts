import { afterAll, beforeAll, expect, test } from 'vitest';
import { AdapterError } from '@/lib/connectors/types';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { type ApiCredentials, clearTokenCache, getAppToken } from './open-api';

let sandbox: RunningSandbox;
let credentials: ApiCredentials;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  credentials = {
    apiBase: sandbox.url,
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    qpsLimit: 20,
    corpId: TEST_CORP_ID,
  };
});
afterAll(async () => {
  clearTokenCache();
  await sandbox?.close();
});

test('a throttled or failing token request is retryable; wrong credentials are not', async () => {
  // Found by `npm run chaos -- --fail-source`: a throttled token request dead-lettered events after 2 tries.
  for (const kind of ['throttle', '5xx'] as const) {
    clearTokenCache();
    sandbox.control.failNextCalls({ kind, count: 1, api: 'oauth2/accessToken' });
    const error = await getAppToken(credentials).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).retryable, kind).toBe(true);
    // The next try gets a token.
    expect(await getAppToken(credentials)).toMatch(/\w+/);
  }

  clearTokenCache();
  const wrong = await getAppToken({ ...credentials, clientSecret: 'not-the-secret' }).catch(
    (e: unknown) => e,
  );
  expect(wrong).toBeInstanceOf(AdapterError);
  expect((wrong as AdapterError).retryable).toBe(false);
});
