import { expect, test } from 'vitest';
import { assertOutboundUrl, outboundPolicy } from './outbound-url';

const production = outboundPolicy({ NODE_ENV: 'production' });

test('SSRF: metadata and link-local addresses are refused under every policy', async () => {
  for (const url of [
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://169.254.1.1:8080/',
    'http://[fe80::1]/',
  ]) {
    for (const policy of [production, { allowLoopback: true, allowedHosts: [] }]) {
      await expect(assertOutboundUrl(url, { path: 'body.url', policy }), url).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
  }
});

test('loopback only where allowed (development, demo); private ranges stay reachable; schemes are http(s)', async () => {
  await expect(
    assertOutboundUrl('http://127.0.0.1:4010/', { path: 'u', policy: production }),
  ).rejects.toThrow();
  await expect(
    assertOutboundUrl('http://localhost:4010/', { path: 'u', policy: production }),
  ).rejects.toThrow();
  await expect(
    assertOutboundUrl('http://127.0.0.1:4010/', { path: 'u', policy: outboundPolicy({ NODE_ENV: 'test' }) }),
  ).resolves.toBeUndefined();
  await expect(
    assertOutboundUrl('http://10.1.2.3/hook', { path: 'u', policy: production }),
  ).resolves.toBeUndefined();
  await expect(assertOutboundUrl('file:///etc/passwd', { path: 'u', policy: production })).rejects.toThrow();
  await expect(assertOutboundUrl('gopher://10.1.2.3/', { path: 'u', policy: production })).rejects.toThrow();
});

test('an allow-list admits only the listed hosts and networks', async () => {
  const policy = outboundPolicy({
    NODE_ENV: 'production',
    OUTBOUND_ALLOWED_HOSTS: '.corp.example, 10.0.0.0/8',
  });
  await expect(assertOutboundUrl('http://10.1.2.3/', { path: 'u', policy })).resolves.toBeUndefined();
  await expect(assertOutboundUrl('http://192.168.1.5/', { path: 'u', policy })).rejects.toThrow(/ALLOWED/);
});
