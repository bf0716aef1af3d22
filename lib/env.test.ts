import { describe, expect, it } from "vitest";
import { databaseProvider, parseEnv } from "./env";
import { ConfigError } from "./errors";

describe("parseEnv", () => {
  it("applies working defaults", () => {
    expect(parseEnv({})).toMatchObject({
      DATABASE_URL: "file:./data/promptpool.db",
      PROMPTPOOL_DATA_DIR: "./data",
      PROMPTPOOL_DEMO: false,
      PORT: 3000,
      NEXTAUTH_SECRET: undefined,
      PROMPTPOOL_SAMPLE_ROWS_MAX_BYTES: 25_000_000,
      PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS: 10_000,
      PROMPTPOOL_HUB_URL: "https://datasets-server.huggingface.co",
      PROMPTPOOL_HUB_TOKEN: undefined,
    });
  });

  it.each([
    ["/var/lib/promptpool", "file:/var/lib/promptpool/promptpool.db"],
    ["state/", "file:./state/promptpool.db"],
    ["../shared-data", "file:../shared-data/promptpool.db"],
  ])("puts the default SQLite file in PROMPTPOOL_DATA_DIR=%s", (dir, url) => {
    expect(parseEnv({ PROMPTPOOL_DATA_DIR: dir }).DATABASE_URL).toBe(url);
  });

  it("reads the given values and treats empty strings as unset", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/promptpool",
      PROMPTPOOL_DEMO: "1",
      PORT: "8080",
      NEXTAUTH_SECRET: "x".repeat(32),
      GITHUB_ID: "",
      GITHUB_SECRET: "",
    });
    expect(env).toMatchObject({ PROMPTPOOL_DEMO: true, PORT: 8080, GITHUB_ID: undefined });
    expect(databaseProvider(env.DATABASE_URL)).toBe("postgresql");
    expect(databaseProvider(parseEnv({}).DATABASE_URL)).toBe("sqlite");
  });

  it.each([
    [{ DATABASE_URL: "mysql://localhost/x" }, /^DATABASE_URL: must start with "file:"/],
    [{ PORT: "seventy" }, /^PORT: /],
    [{ PORT: "70000" }, /^PORT: /],
    [{ PROMPTPOOL_DEMO: "yes" }, /^PROMPTPOOL_DEMO: /],
    [{ NEXTAUTH_SECRET: "short" }, /^NEXTAUTH_SECRET: must be at least 32 characters/],
    [{ NEXTAUTH_URL: "localhost" }, /^NEXTAUTH_URL: /],
    [{ GITHUB_ID: "abc" }, /^GITHUB_SECRET: set both/],
    [{ GITHUB_SECRET: "abc" }, /^GITHUB_ID: set both/],
    [{ PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS: "0" }, /^PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS: /],
    [{ PROMPTPOOL_SAMPLE_ROWS_MAX_BYTES: "lots" }, /^PROMPTPOOL_SAMPLE_ROWS_MAX_BYTES: /],
    [{ PROMPTPOOL_HUB_URL: "datasets-server" }, /^PROMPTPOOL_HUB_URL: must be a URL/],
  ])("rejects %j with one line naming the variable", (source, message) => {
    let error: unknown;
    try {
      parseEnv(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });
});
