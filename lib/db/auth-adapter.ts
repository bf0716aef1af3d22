import "server-only";
// next-auth v4 adapter for OAuth accounts (GitHub). Built on @next-auth/prisma-adapter, with the
// user and account methods replaced so that: a new OAuth user gets the same first-admin rule as a
// password sign-up (and an audit event); user objects never carry the password hash; and only the
// Account columns we store are written (providers may return extra token fields).
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { getEnv } from "../env";
import { getDb, inTransaction } from "./client";
import { recordAudit } from "./audit";
import { roleSchema, type Role } from "./users";

export type PromptPoolAdapterUser = AdapterUser & { role: Role; disabled: boolean };

type UserRow = {
  id: string;
  email: string | null;
  emailVerified: Date | null;
  name: string | null;
  image: string | null;
  role: string;
  disabled: boolean;
};

function toAdapterUser(u: UserRow): PromptPoolAdapterUser {
  return {
    id: u.id,
    // next-auth types email as string; GitHub accounts without a public email have none.
    email: u.email as string,
    emailVerified: u.emailVerified,
    name: u.name,
    image: u.image,
    role: roleSchema.catch("contributor").parse(u.role),
    disabled: u.disabled,
  };
}

const userSelect = { id: true, email: true, emailVerified: true, name: true, image: true, role: true, disabled: true } as const;

export function createAuthAdapter(): Adapter {
  const db = getDb();
  // The stock adapter is typed against @prisma/client's default client, which we do not generate.
  const base = PrismaAdapter(db as never);
  return {
    ...base,
    async createUser(data: Omit<AdapterUser, "id">) {
      return inTransaction(async (tx) => {
        const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
        const role = !getEnv().PROMPTPOOL_DEMO && admins === 0 ? "admin" : "contributor";
        const user = await tx.user.create({
          data: {
            email: data.email ? data.email.trim().toLowerCase() : null,
            emailVerified: data.emailVerified ?? null,
            name: data.name ?? null,
            image: data.image ?? null,
            role,
          },
          select: userSelect,
        });
        await recordAudit(
          { actorId: user.id, action: "user.register", subjectType: "user", subjectId: user.id, details: { role, via: "oauth" } },
          tx,
        );
        return toAdapterUser(user);
      });
    },
    async getUser(id) {
      const u = await db.user.findUnique({ where: { id }, select: userSelect });
      return u ? toAdapterUser(u) : null;
    },
    async getUserByEmail(email) {
      if (!email) return null;
      const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: userSelect });
      return u ? toAdapterUser(u) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await db.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: userSelect } },
      });
      return account ? toAdapterUser(account.user) : null;
    },
    async updateUser({ id, ...data }) {
      const u = await db.user.update({
        where: { id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.image !== undefined ? { image: data.image } : {}),
          ...(data.emailVerified !== undefined ? { emailVerified: data.emailVerified } : {}),
        },
        select: userSelect,
      });
      return toAdapterUser(u);
    },
    async linkAccount(account: AdapterAccount) {
      const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null);
      const str = (v: unknown) => (typeof v === "string" ? v : null);
      await db.account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          refresh_token: str(account.refresh_token),
          access_token: str(account.access_token),
          expires_at: num(account.expires_at),
          refresh_token_expires_in: num(account.refresh_token_expires_in),
          token_type: str(account.token_type),
          scope: str(account.scope),
          id_token: str(account.id_token),
          session_state: str(account.session_state),
        },
      });
    },
  };
}
