import { expect, it } from "vitest";
import { checkDatabase } from "./health";
import { useDatabaseUrl } from "./client";
import { describeDb } from "./testing/harness";

describeDb("checkDatabase", (db) => {
  it("reports a migrated database as ok with its provider", async () => {
    expect(await checkDatabase()).toEqual({ ok: true, provider: db.provider });
  });

  it("reports an unreachable or unmigrated database without leaking the URL", async () => {
    const broken =
      db.provider === "sqlite" ? "file:/nonexistent-dir/promptpool.db" : "postgresql://postgres:secret@127.0.0.1:1/none";
    await useDatabaseUrl(broken);
    try {
      const health = await checkDatabase(2000);
      expect(health.ok).toBe(false);
      expect(health.provider).toBe(db.provider);
      expect(health.message).toMatch(/database/);
      expect(health.message).not.toContain("secret");
    } finally {
      await useDatabaseUrl(db.url);
    }
  });
});
