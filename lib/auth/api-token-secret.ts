/**
 * Personal access tokens: the secret a user sees once, and the SHA-256 hash we store. A token is
 * `pp_` + 32 random bytes (base64url), so a plain hash is enough (no salt or slow hash needed:
 * nobody can guess 256 random bits, unlike a password). The first 10 characters are kept in clear
 * to tell tokens apart in lists.
 */
import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "pp_";
const SECRET_PATTERN = /^pp_[A-Za-z0-9_-]{43}$/;

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function newApiTokenSecret(): { secret: string; hash: string; prefix: string } {
  const secret = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { secret, hash: hashApiToken(secret), prefix: secret.slice(0, 10) };
}

/** Shape check before any database lookup: anything else cannot be one of ours. */
export function looksLikeApiToken(secret: string): boolean {
  return SECRET_PATTERN.test(secret);
}

/** The token of an `Authorization: Bearer <token>` header; null when there is no such header. */
export function bearerTokenOf(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : "";
}
