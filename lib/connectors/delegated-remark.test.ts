import { expect, test } from 'vitest';
import { delegatedRemark } from './delegated-remark';

test('a delegate’s action names them in the remark, in the company language', () => {
  expect(delegatedRemark({ remark: '同意报销', delegate: { name: '李四', externalUserId: 'li' } })).toBe(
    '由 李四 代为处理：同意报销',
  );
  expect(delegatedRemark({ remark: null, delegate: { name: '李四', externalUserId: null } })).toBe(
    '由 李四 代为处理',
  );
});

test('the assignee’s own action keeps its remark; a long remark stays within DingTalk’s 1024', () => {
  expect(delegatedRemark({ remark: 'ok', delegate: null })).toBe('ok');
  const long = delegatedRemark({
    remark: 'x'.repeat(1024),
    delegate: { name: '李四', externalUserId: null },
  });
  expect(long).toHaveLength(1024);
  expect(long?.startsWith('由 李四 代为处理：')).toBe(true);
});
