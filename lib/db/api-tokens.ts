import "server-only";
// Personal access tokens. Only the SHA-256 hash of a token is stored (lib/auth/api-token-secret.ts
// makes the secret); the secret itself is returned once by the caller that made it and never again.
import { z } from "zod";
import { notFound } from "../errors";
import { getDb, inTransaction } from "./client";
import { recordAudit } from "./audit";
import { roleSchema, type Role } from "./users";
import { parseOrThrow } from "./validate";

export const API_TOKEN_SCOPES = ["read", "write"] as const;
export const apiTokenScopeSchema = z.enum(API_TOKEN_SCOPES);
export type ApiTokenScope = z.infer<typeof apiTokenScopeSchema>;

export const apiTokenNameSchema = z.string().trim().min(1, "Name the token (e.g. the tool that uses it)").max(100);

export interface ApiTokenDTO {
  id: string;
  name: string;
  scope: ApiTokenScope;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What a request authenticated by a token acts as. */
export interface ApiTokenOwner {
  tokenId: string;
  scope: ApiTokenScope;
  lastUsedAt: string | null;
  /** revoked tokens and disabled users are reported, not hidden, so the caller can say why */
  revoked: boolean;
  user: { id: string; role: Role; name: string | null; email: string | null; disabled: boolean };
}

const select = { id: true, name: true, scope: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

function toDTO(row: { id: string; name: string; scope: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiTokenDTO {
  const scope = apiTokenScopeSchema.safeParse(row.scope);
  return {
    id: row.id,
    name: row.name,
    // An unknown scope in the database grants the least.
    scope: scope.success ? scope.data : "read",
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

const createSchema = z.object({
  userId: z.string().min(1),
  name: apiTokenNameSchema,
  scope: apiTokenScopeSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, "tokenHash is a SHA-256 hex digest"),
  prefix: z.string().min(4).max(16),
});

export async function createApiToken(input: z.input<typeof createSchema>): Promise<ApiTokenDTO> {
  const i = parseOrThrow(createSchema, input);
  return inTransaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: i.userId }, select: { id: true } }))) throw notFound("User");
    const row = await tx.apiToken.create({ data: i, select });
    await recordAudit({ actorId: i.userId, action: "token.create", subjectType: "user", subjectId: i.userId, details: { tokenId: row.id, scope: i.scope, name: i.name } }, tx);
    return toDTO(row);
  });
}

/** The user's tokens, newest first, revoked ones included (they show as revoked). */
export async function listApiTokens(userId: string): Promise<ApiTokenDTO[]> {
  const rows = await getDb().apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], select });
  return rows.map(toDTO);
}

/** Revokes one of the user's tokens (someone else's token is NOT_FOUND). Revoking twice is a no-op. */
export async function revokeApiToken(i: { tokenId: string; userId: string }): Promise<ApiTokenDTO> {
  return inTransaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: i.tokenId, userId: i.userId }, select });
    if (!row) throw notFound("Token");
    if (row.revokedAt) return toDTO(row);
    const updated = await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() }, select });
    await recordAudit({ actorId: i.userId, action: "token.revoke", subjectType: "user", subjectId: i.userId, details: { tokenId: row.id } }, tx);
    return toDTO(updated);
  });
}

/** Looks a token up by its hash; null when no token has it. */
export async function findApiTokenOwner(tokenHash: string): Promise<ApiTokenOwner | null> {
  const row = await getDb().apiToken.findUnique({
    where: { tokenHash },
    select: { ...select, user: { select: { id: true, role: true, name: true, email: true, disabled: true } } },
  });
  if (!row) return null;
  const role = roleSchema.safeParse(row.user.role);
  const dto = toDTO(row);
  return {
    tokenId: row.id,
    scope: dto.scope,
    lastUsedAt: dto.lastUsedAt,
    revoked: row.revokedAt !== null,
    user: { id: row.user.id, role: role.success ? role.data : "contributor", name: row.user.name, email: row.user.email, disabled: row.user.disabled },
  };
}

/**
 * Records a use. Writes at most once per `everyMs` per token (a conditional update), so a busy
 * token costs one write a minute rather than one per request.
 */
export async function touchApiToken(tokenId: string, now = new Date(), everyMs = 60_000): Promise<void> {
  await getDb().apiToken.updateMany({
    where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - everyMs) } }] },
    data: { lastUsedAt: now },
  });
}
