import { expect, test } from 'vitest';
import { isInsideDingTalk, isPhoneClient, isVersionAtLeast } from './dingtalk-container';
import { approvalLinkFor } from './use-dingtalk-client';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';

test('the DingTalk client is recognised by its user agent; an ordinary browser is not', () => {
  expect(isInsideDingTalk(`${IPHONE} AliApp(DingTalk/7.6.0) DingTalk/7.6.0`)).toBe(true);
  expect(isInsideDingTalk('Mozilla/5.0 (Windows NT 10.0) dingtalk-win/1.0.0 DingTalk(7.6.0)')).toBe(true);
  expect(isInsideDingTalk(IPHONE)).toBe(false);
  expect(isPhoneClient(IPHONE)).toBe(true);
  expect(isPhoneClient('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) DingTalk/7.6.0')).toBe(false);
});

test('versions compare numerically, part by part', () => {
  expect(isVersionAtLeast('7.6.0', '7.0.45')).toBe(true);
  expect(isVersionAtLeast('7.0.45', '7.0.45')).toBe(true);
  expect(isVersionAtLeast('7.0.9', '7.0.45')).toBe(false);
  expect(isVersionAtLeast('7', '7.0.45')).toBe(false);
  expect(isVersionAtLeast('10.1', '7.0.45')).toBe(true);
});

test('a DingTalk approval opens its mobile page inside the phone client and the PC link elsewhere', () => {
  const links = { pcUrl: 'dingtalk://dingtalkclient/page/link?url=pc', mobileUrl: 'https://aflow.example/m' };
  expect(approvalLinkFor({ isInside: true, isPhone: true }, links)).toBe(links.mobileUrl);
  expect(approvalLinkFor({ isInside: true, isPhone: false }, links)).toBe(links.pcUrl);
  expect(approvalLinkFor({ isInside: false, isPhone: true }, links)).toBe(links.pcUrl);
  expect(approvalLinkFor({ isInside: true, isPhone: true }, { pcUrl: links.pcUrl })).toBe(links.pcUrl);
  expect(approvalLinkFor({ isInside: false, isPhone: false }, {})).toBeNull();
});
