import bcrypt from 'bcryptjs';

/** GoTrue-compatible: bcrypt `$2a$`/`$2b$` hashes at cost 12 in auth.users.encrypted_password. */
export const BCRYPT_COST = 12;

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the e-mail is unknown, so unknown and known accounts take the same time.
const TIMING_DUMMY_HASH = '$2b$12$VqUgDZhpWkoxg6.I5VxGoOc/gXcPlCSoKTWwyvvMTzwPJYKE/b.jW';

export async function burnPasswordCheck(password: string): Promise<void> {
  await bcrypt.compare(password, TIMING_DUMMY_HASH);
}
