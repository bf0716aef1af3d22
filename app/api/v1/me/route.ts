import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** Who the request acts as: for checking a token. */
export const GET = withApi({ action: "account.read", auth: "session-or-token" }, async ({ user, caller }) => ({
  user: { id: user!.id, name: user!.name, email: user!.email, role: user!.role },
  via: caller,
  scope: user!.tokenScope ?? null,
}));
