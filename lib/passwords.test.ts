import { describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { hashPassword, passwordSchema, verifyPassword } from "./passwords";

describe("passwords", () => {
  it("hashes with bcrypt and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery", 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("uses cost 12 by default", async () => {
    const hash = await hashPassword("promptpool-demo");
    expect(bcrypt.getRounds(hash)).toBe(12);
  });

  it("salts: two hashes of one password differ", async () => {
    expect(await hashPassword("same password", 4)).not.toBe(await hashPassword("same password", 4));
  });

  it("returns false for a missing or malformed hash", async () => {
    expect(await verifyPassword("anything at all", null)).toBe(false);
    expect(await verifyPassword("anything at all", "not-a-hash")).toBe(false);
  });

  it.each([
    ["short", false],
    ["eight ch", true],
    ["x".repeat(72), true],
    ["x".repeat(73), false],
    ["é".repeat(37), false], // 74 bytes in UTF-8
  ])("passwordSchema(%j) accepts: %s", (password, ok) => {
    expect(passwordSchema.safeParse(password).success).toBe(ok);
  });

  it("refuses to hash a password longer than bcrypt reads", async () => {
    await expect(hashPassword("y".repeat(73), 4)).rejects.toThrow(/72 bytes/);
  });
});
