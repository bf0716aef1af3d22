import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { AppError } from "@/lib/errors";
import { getAuthOptions } from "./options";
import type { SessionUser } from "./session-user";

export { authorize } from "./authorize";

export type { SessionUser };

/** The signed-in user of this request, or null. Cached per request (one DB read via the jwt callback). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // Per-request by nature: keeps `next build` from prerendering pages that read the session.
  await connection();
  const session = await getServerSession(getAuthOptions());
  const u = session?.user;
  if (!u?.id || !u.role) return null;
  return { id: u.id, role: u.role, name: u.name ?? null, email: u.email ?? null };
});

/** For actions and handlers: the user, or an UNAUTHORIZED error. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in first");
  return user;
}

/** For pages: the user, or a redirect to the sign-in page that comes back here. */
export async function requirePageUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
