import bcrypt from 'bcryptjs';

// bcrypt cost 12: ~250 ms per hash on this class of machine — slow for attackers, fine for a login.
const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
