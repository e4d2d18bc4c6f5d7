import { expect, test } from 'vitest';
import {
  DEMO_APP,
  DEMO_CORP_ID as SANDBOX_CORP_ID,
  DEMO_USERS as SANDBOX_USERS,
} from '@/sandbox/scenarios/demo';
import { DEMO_CORP_ID, DEMO_DINGTALK_APP, DEMO_USERS } from './seed-data';

test("Huiban's demo accounts are the sandbox demo org's people (same login, name, mobile, email, job number)", () => {
  expect(DEMO_USERS.map((u) => [u.username, u.name, u.department, u.mobile, u.email, u.jobNumber])).toEqual(
    SANDBOX_USERS.map((u) => [u.userId, u.name, u.department, u.mobile, u.email, u.jobNumber]),
  );
  expect(DEMO_DINGTALK_APP).toEqual({
    clientId: DEMO_APP.clientId,
    clientSecret: DEMO_APP.clientSecret,
    agentId: DEMO_APP.agentId,
  });
  expect(DEMO_CORP_ID).toBe(SANDBOX_CORP_ID);
});
