import { expect, it } from "vitest";
import { getDb } from "./client";
import { describeDb } from "./testing/harness";

describeDb("client", () => {
  it("does not let other requests see or join an open transaction", async () => {
    const db = getDb();
    let created!: () => void;
    const createdInside = new Promise<void>((resolve) => (created = resolve));
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));

    const transaction = db.$transaction(async (tx) => {
      await tx.user.create({ data: { email: "uncommitted@example.org", name: "Ghost" } });
      created();
      await gate;
      throw new Error("roll back");
    });
    await createdInside;
    // A concurrent read and write from outside the transaction (another request). Prisma queries
    // are lazy: .then() sends them now. The pause lets them reach the database before the rollback.
    const outsideRead = db.user.findUnique({ where: { email: "uncommitted@example.org" } }).then((u) => u);
    const outsideWrite = db.user.create({ data: { email: "committed@example.org", name: "Real" } }).then((u) => u);
    await new Promise((resolve) => setTimeout(resolve, 100));
    finish();
    await expect(transaction).rejects.toThrow("roll back");
    expect(await outsideRead).toBeNull();
    await outsideWrite;
    expect(await db.user.findUnique({ where: { email: "uncommitted@example.org" } })).toBeNull();
    expect(await db.user.findUnique({ where: { email: "committed@example.org" } })).not.toBeNull();
  });
});
