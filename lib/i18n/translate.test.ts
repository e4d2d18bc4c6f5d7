import { expect, test } from 'vitest';
import { bindTranslator } from './bind-translator';
import { CATALOG } from './catalog';
import { messagesOf, translator } from './translate';

test('a namespace translator reads its own keys, interpolates and reaches other namespaces with ns:key', () => {
  const zh = translator('zh-CN', 'inbox');
  expect(zh('overdueCount', { n: 3 })).toBe('3 项逾期');
  expect(zh('common:nav.pending')).toBe('待我处理');
  const en = translator('en-US', 'inbox');
  expect(en('common:nav.pending')).not.toBe('待我处理');
});

test('a placeholder without a value stays visible', () => {
  expect(translator('zh-CN', 'inbox')('overdueCount')).toBe('{n} 项逾期');
});

test('every namespace has the same keys in both languages and no empty message', () => {
  for (const [namespace, messages] of Object.entries(CATALOG)) {
    const zh = Object.keys(messages['zh-CN']).sort();
    expect(Object.keys(messages['en-US']).sort(), namespace).toEqual(zh);
    for (const text of [...Object.values(messages['zh-CN']), ...Object.values(messages['en-US'])]) {
      expect(text.trim(), namespace).not.toBe('');
    }
  }
});

// The switch back to Chinese is labelled in Chinese; the two sign-off modes keep the DingTalk term admins know.
const CHINESE_ON_PURPOSE = new Set(['common:user.language', 'workflows:mode.all', 'workflows:mode.any']);

test('English messages contain no Chinese (except where it is on purpose)', () => {
  for (const [namespace, messages] of Object.entries(CATALOG)) {
    for (const [key, text] of Object.entries(messages['en-US'])) {
      if (CHINESE_ON_PURPOSE.has(`${namespace}:${key}`)) continue;
      expect(/[\u4e00-\u9fff]/.test(text), `${namespace}:${key} = ${text}`).toBe(false);
    }
  }
});

test('the browser gets one language: messagesOf(locale) holds every namespace in that language only', () => {
  const en = messagesOf('en-US');
  expect(Object.keys(en).sort()).toEqual(Object.keys(CATALOG).sort());
  for (const [namespace, messages] of Object.entries(CATALOG))
    expect(en[namespace as keyof typeof en], namespace).toEqual(messages['en-US']);
  // What useT binds on the client says the same as the server's translator.
  expect(bindTranslator(messagesOf('zh-CN'), 'inbox')('overdueCount', { n: 2 })).toBe('2 项逾期');
  expect(bindTranslator(en, 'inbox')('common:nav.pending')).toBe(
    translator('en-US', 'common')('nav.pending'),
  );
  expect(bindTranslator(en, 'inbox')('no.such.key' as never)).toBe('no.such.key');
});
