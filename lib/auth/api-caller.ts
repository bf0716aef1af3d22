import "server-only";
import { findApiTokenOwner, touchApiToken, type ApiTokenScope } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { bearerTokenOf, hashApiToken, looksLikeApiToken } from "./api-token-secret";
import { getSessionUser, type SessionUser } from "./session";

/**
 * Who is calling a route handler: a personal access token (`Authorization: Bearer pp_…`), the
 * browser session, or nobody. A token that is sent must be valid: an unknown or revoked token, or
 * one whose owner is disabled, is 401, never a silent fall-back to anonymous.
 */
export type ApiAuth = "public" | "session-or-token" | "token";

export type ApiUser = SessionUser & { tokenScope?: ApiTokenScope };

export type ApiCaller =
  | { kind: "anonymous"; user: null }
  | { kind: "session"; user: ApiUser }
  | { kind: "token"; user: ApiUser; tokenId: string };

const unauthorized = (message: string) => new AppError("UNAUTHORIZED", message);

/** Throws UNAUTHORIZED for a bad token, or when `auth` needs an identity the request lacks. */
export async function resolveApiCaller(headers: Headers, auth: ApiAuth): Promise<ApiCaller> {
  const bearer = bearerTokenOf(headers.get("authorization"));
  if (bearer !== null) {
    if (!looksLikeApiToken(bearer)) throw unauthorized("The Authorization header must be Bearer <personal access token>");
    const owner = await findApiTokenOwner(hashApiToken(bearer));
    if (!owner) throw unauthorized("This token is not valid");
    if (owner.revoked) throw unauthorized("This token has been revoked");
    if (owner.user.disabled) throw unauthorized("This token's account is disabled");
    await touchApiToken(owner.tokenId);
    const { id, role, name, email } = owner.user;
    return { kind: "token", tokenId: owner.tokenId, user: { id, role, name, email, tokenScope: owner.scope } };
  }
  if (auth === "token") throw unauthorized("This endpoint needs a personal access token: Authorization: Bearer <token>");
  const session = await getSessionUser();
  if (session) return { kind: "session", user: session };
  if (auth === "session-or-token") throw unauthorized("Sign in or send a personal access token: Authorization: Bearer <token>");
  return { kind: "anonymous", user: null };
}
