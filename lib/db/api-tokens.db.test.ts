import { expect, it } from "vitest";
import { AppError } from "../errors";
import { createApiToken, findApiTokenOwner, listApiTokens, revokeApiToken, touchApiToken } from "./api-tokens";
import { listAuditEvents } from "./audit";
import { describeDb } from "./testing/harness";
import { makeUser } from "./testing/fixtures";

const hash = (c: string) => c.repeat(64);

describeDb("api tokens", () => {
  it("stores a token by hash, lists it, finds its owner and audits creation and revocation", async () => {
    const user = await makeUser("reviewer");
    const token = await createApiToken({ userId: user.id, name: " CI ", scope: "write", tokenHash: hash("a"), prefix: "pp_abcdefg" });
    expect(token).toMatchObject({ name: "CI", scope: "write", prefix: "pp_abcdefg", lastUsedAt: null, revokedAt: null });
    expect(await findApiTokenOwner(hash("a"))).toMatchObject({ tokenId: token.id, scope: "write", revoked: false, user: { id: user.id, role: "reviewer", disabled: false } });
    expect(await findApiTokenOwner(hash("b"))).toBeNull();

    const revoked = await revokeApiToken({ tokenId: token.id, userId: user.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await revokeApiToken({ tokenId: token.id, userId: user.id })).revokedAt).toBe(revoked.revokedAt);
    expect((await findApiTokenOwner(hash("a")))?.revoked).toBe(true);
    expect((await listApiTokens(user.id)).map((t) => t.id)).toEqual([token.id]);
    const actions = (await listAuditEvents({ subjectType: "user", subjectId: user.id })).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("token.")).sort()).toEqual(["token.create", "token.revoke"]);
  });

  it("refuses to revoke someone else's token, and bad input", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const token = await createApiToken({ userId: owner.id, name: "mine", scope: "read", tokenHash: hash("c"), prefix: "pp_cccccccc" });
    await expect(revokeApiToken({ tokenId: token.id, userId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createApiToken({ userId: owner.id, name: "", scope: "read", tokenHash: hash("d"), prefix: "pp_dddddddd" })).rejects.toBeInstanceOf(AppError);
    await expect(createApiToken({ userId: owner.id, name: "x", scope: "admin" as "read", tokenHash: hash("e"), prefix: "pp_eeeeeeee" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createApiToken({ userId: owner.id, name: "x", scope: "read", tokenHash: "plain-secret", prefix: "pp_eeeeeeee" })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("records use at most once a minute", async () => {
    const user = await makeUser();
    const token = await createApiToken({ userId: user.id, name: "busy", scope: "read", tokenHash: hash("f"), prefix: "pp_ffffffff" });
    const t0 = new Date("2026-11-26T10:00:00Z");
    await touchApiToken(token.id, t0);
    await touchApiToken(token.id, new Date(t0.getTime() + 30_000));
    expect((await findApiTokenOwner(hash("f")))?.lastUsedAt).toBe(t0.toISOString());
    await touchApiToken(token.id, new Date(t0.getTime() + 61_000));
    expect((await findApiTokenOwner(hash("f")))?.lastUsedAt).toBe(new Date(t0.getTime() + 61_000).toISOString());
  });
});
