import { expect, it } from "vitest";
import type { AdapterAccount } from "next-auth/adapters";
import { createAuthAdapter } from "./auth-adapter";
import { listAuditEvents } from "./audit";
import { findUserForSignIn } from "./users";
import { describeDb } from "./testing/harness";

describeDb("next-auth adapter", (db) => {
  it("creates OAuth users with the first-admin rule, links accounts and finds users by account", async () => {
    await db.fresh();
    const adapter = createAuthAdapter();
    const first = await adapter.createUser!({ email: "Octo@Example.org", emailVerified: null, name: "Octo", image: "http://127.0.0.1/a.png" });
    expect(first).toMatchObject({ email: "octo@example.org", name: "Octo", role: "admin", disabled: false });
    expect(first).not.toHaveProperty("passwordHash");
    const second = await adapter.createUser!({ email: "cat@example.org", emailVerified: null, name: "Cat" });
    expect(second).toMatchObject({ role: "contributor" });

    // Providers return fields we do not store; they must not break the insert.
    const account = {
      userId: second.id,
      type: "oauth",
      provider: "github",
      providerAccountId: "4242",
      access_token: "gho_token",
      token_type: "bearer",
      scope: "read:user,user:email",
      expires_at: 1_900_000_000.7,
      created_at: 1234,
    } as unknown as AdapterAccount;
    await adapter.linkAccount!(account);
    expect(await adapter.getUserByAccount!({ provider: "github", providerAccountId: "4242" })).toMatchObject({ id: second.id, email: "cat@example.org" });
    expect(await adapter.getUserByAccount!({ provider: "github", providerAccountId: "nope" })).toBeNull();
    expect(await adapter.getUserByEmail!("CAT@example.org")).toMatchObject({ id: second.id });
    expect(await adapter.getUser!(first.id)).toMatchObject({ id: first.id, role: "admin" });
    expect(await adapter.updateUser!({ id: second.id, name: "Cat 2" })).toMatchObject({ name: "Cat 2", email: "cat@example.org" });
    expect((await findUserForSignIn("cat@example.org"))?.passwordHash).toBeNull();
    const events = await listAuditEvents({ subjectType: "user", subjectId: second.id });
    expect(events[0]).toMatchObject({ action: "user.register", details: { role: "contributor", via: "oauth" } });
  });
});
