import { expect, test } from 'vitest';
import { signRobotUrl } from './sign-robot-url';

test('the robot signature matches the documented test vector', () => {
  const secret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab';
  expect(signRobotUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', secret, 1700000000000)).toBe(
    'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=tnIJJgshG0BPUVcy7l6X8vjNKt%2FqD9CgBEiifXvZ9ic%3D',
  );
});
