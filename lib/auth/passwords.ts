import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

// scrypt N=2^15, r=8, p=1 (32 MiB, ~100 ms here): OWASP's floor is N=2^17 at r=8 for a single-purpose box;
// 2^15 keeps a burst of sign-ins inside libuv's thread pool without starving file I/O. crypto.scrypt runs on
// that pool, so hashing never blocks the event loop (bcryptjs did, for ~250 ms per sign-in).
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$key` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** Whether a stored hash should be replaced at the next successful sign-in (bcrypt, or older scrypt cost). */
export function needsRehash(hash: string): boolean {
  const [scheme, n, r, p] = hash.split('$');
  return scheme !== 'scrypt' || Number(n) !== PARAMS.N || Number(r) !== PARAMS.r || Number(p) !== PARAMS.p;
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (hash.startsWith('scrypt$')) {
    const [, n, r, p, salt, key] = hash.split('$');
    if (!salt || !key) return false;
    const expected = Buffer.from(key, 'base64url');
    const actual = await derive(password, Buffer.from(salt, 'base64url'), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
  // Accounts hashed before the switch: bcrypt once more, then upgraded by the caller (needsRehash).
  if (hash.startsWith('$2')) return bcrypt.compare(password, hash);
  return false;
}
