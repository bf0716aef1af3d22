import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { z } from "zod";
import { createAuthAdapter, findUserForSignIn, getUser } from "@/lib/db";
import { getAuthSecret, getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { verifyPassword } from "@/lib/passwords";
import { SignInGuard } from "./sign-in-guard";

/** Sign-in error codes the sign-in page turns into words (next-auth passes a thrown message on). */
export const SIGN_IN_ERRORS = { rateLimited: "RATE_LIMITED", disabled: "ACCOUNT_DISABLED" } as const;

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

const guard = new SignInGuard();

function clientAddress(headers: unknown): string | null {
  if (!headers || typeof headers !== "object") return null;
  const h = headers as Record<string, string | string[] | undefined>;
  const forwarded = h["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  const real = h["x-real-ip"];
  return first || (Array.isArray(real) ? real[0] : real) || null;
}

async function authorizeCredentials(raw: unknown, headers: unknown): Promise<User | null> {
  const startedAt = Date.now();
  try {
    const parsed = credentialsSchema.safeParse(raw);
    if (!parsed.success) return null;
    const { email, password } = parsed.data;
    const address = clientAddress(headers);
    if (guard.isLimited(email, address)) {
      logger.warn("sign-in rate limited", { action: "auth.signIn", address });
      throw new Error(SIGN_IN_ERRORS.rateLimited);
    }
    const user = await findUserForSignIn(email);
    // Unknown emails are checked against a dummy hash inside verifyPassword: same work, same timing.
    const ok = await verifyPassword(password, user?.passwordHash);
    if (!user || !ok) {
      guard.recordFailure(email, address);
      logger.info("sign-in failed", { action: "auth.signIn" });
      return null;
    }
    if (user.disabled) throw new Error(SIGN_IN_ERRORS.disabled);
    guard.recordSuccess(email);
    logger.info("signed in", { action: "auth.signIn", userId: user.id });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  } finally {
    // Same duration for unknown email, wrong password and success: no timing oracle, slower guessing.
    await guard.padUntilMinimum(startedAt);
  }
}

let cached: NextAuthOptions | undefined;

/** Built on first use, not at import: `next build` imports route modules without an environment. */
export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, req) => authorizeCredentials(credentials, req?.headers),
    }),
  ];
  const github = env.GITHUB_ID && env.GITHUB_SECRET;
  if (github) providers.push(GitHubProvider({ clientId: env.GITHUB_ID!, clientSecret: env.GITHUB_SECRET! }));

  cached = {
    secret: getAuthSecret(),
    // Stateless sessions: any instance holding the same secret accepts the cookie.
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    // The adapter only stores GitHub accounts; sessions stay in the JWT.
    ...(github ? { adapter: createAuthAdapter() } : {}),
    providers,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        const stored = user.id ? await getUser(user.id) : null;
        return !stored?.disabled;
      },
      // Runs on every session read: role changes and disabling take effect on the next request.
      async jwt({ token, user }) {
        const id = user?.id ?? token.sub;
        if (!id) return token;
        const fresh = await getUser(id);
        if (!fresh || fresh.disabled) return { iat: token.iat, exp: token.exp };
        return { ...token, sub: fresh.id, role: fresh.role, name: fresh.name, email: fresh.email };
      },
      async session({ session, token }) {
        if (token.sub && token.role) {
          session.user = { id: token.sub, role: token.role, name: token.name ?? null, email: token.email ?? null };
        } else {
          delete session.user;
        }
        return session;
      },
    },
    logger: {
      error: (code) => logger.error("next-auth error", { action: "auth", code }),
      warn: (code) => logger.warn("next-auth warning", { action: "auth", code }),
      debug: () => {},
    },
  };
  return cached;
}

export function isGitHubEnabled(): boolean {
  const env = getEnv();
  return Boolean(env.GITHUB_ID && env.GITHUB_SECRET);
}
