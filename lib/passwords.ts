// Password hashing with bcrypt (bcryptjs: pure JavaScript, so nothing native to build).
// Pure module: no Next, no database; lib/auth, the seed and the CLI use it.
import bcrypt from "bcryptjs";
import { z } from "zod";

/** 2^12 rounds: about a quarter of a second per hash on this class of machine. */
export const BCRYPT_COST = 12;

/** bcrypt reads only the first 72 bytes; longer passwords are refused rather than silently cut. */
export const MAX_PASSWORD_BYTES = 72;

export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters")
  .refine((p) => new TextEncoder().encode(p).length <= MAX_PASSWORD_BYTES, {
    message: `Use at most ${MAX_PASSWORD_BYTES} bytes`,
  });

export async function hashPassword(password: string, cost: number = BCRYPT_COST): Promise<string> {
  passwordSchema.parse(password);
  return bcrypt.hash(password, cost);
}

// Compared against when the account does not exist or has no password, so that the answer takes
// as long as for a real account and does not reveal which emails are registered.
const DUMMY_HASH = "$2b$12$YOmJTwtsI3Xzu55nzfHZe.c/1nSzHwLzMIN3O1NQtbSS967Jy9ck.";

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}
