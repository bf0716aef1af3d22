import { describe, expect, it } from "vitest";
import { bearerTokenOf, hashApiToken, looksLikeApiToken, newApiTokenSecret } from "./api-token-secret";

describe("personal access token secrets", () => {
  it("makes distinct tokens whose hash is SHA-256 hex and whose prefix is their start", () => {
    const a = newApiTokenSecret();
    const b = newApiTokenSecret();
    expect(a.secret).not.toBe(b.secret);
    expect(looksLikeApiToken(a.secret)).toBe(true);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashApiToken(a.secret));
    expect(a.hash).not.toContain(a.secret.slice(3));
    expect(a.secret.startsWith(a.prefix)).toBe(true);
    expect(a.prefix).toHaveLength(10);
  });

  it("hashes the known SHA-256 of a fixed string", () => {
    expect(hashApiToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it.each([
    [null, null],
    ["Bearer pp_abc", "pp_abc"],
    ["bearer   pp_abc  ", "pp_abc"],
    ["Basic dXNlcjpwYXNz", ""],
    ["Bearer", ""],
  ])("reads the bearer token of %s", (header, expected) => {
    expect(bearerTokenOf(header)).toBe(expected);
  });

  it.each(["", "pp_short", "xx_" + "a".repeat(43), "pp_" + "a".repeat(42) + "!"])("rejects the shape of %s", (s) => {
    expect(looksLikeApiToken(s)).toBe(false);
  });
});
