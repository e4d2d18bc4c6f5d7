import { expect, test } from 'vitest';
import { parseS3StorageKey } from './s3-file-store';

test('S3 storage keys carry their bucket; anything else is refused', () => {
  expect(parseS3StorageKey('s3://files/conn-1/abc')).toEqual({ bucket: 'files', key: 'conn-1/abc' });
  for (const bad of ['conn-1/abc', 's3://files', 's3://files/', 's3:///key', 'S3://files/k'])
    expect(() => parseS3StorageKey(bad)).toThrow('invalid S3 storage key');
});
