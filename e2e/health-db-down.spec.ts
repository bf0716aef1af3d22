/**
 * With the database unreachable the app still answers: /api/health says 503 with the database
 * status and no stack trace, and pages show the generic error with a reference, never the error.
 * The same server has GitHub OAuth configured, to check that the provider appears only then.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { expect, test } from "./fixtures";

const ROOT = path.resolve(__dirname, "..");
const PORT = Number(process.env.E2E_PORT_DOWN ?? 3103);
const base = `http://127.0.0.1:${PORT}`;
let server: ChildProcess | null = null;

test.beforeAll(async () => {
  server = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // Nothing listens on port 9 (discard): connections are refused at once.
      DATABASE_URL: "postgresql://postgres@127.0.0.1:9/promptpool",
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: base,
      // Also the one server of the suite with GitHub configured (never contacted: no sign-in is tried).
      GITHUB_ID: "e2e-client-id",
      GITHUB_SECRET: "e2e-client-secret",
    },
    stdio: "ignore",
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`${base}/api/health`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error("the server did not start");
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
});

test("health answers 503 and pages show a reference, not the error", async ({ page }) => {
  const res = await fetch(`${base}/api/health`);
  expect(res.status).toBe(503);
  const body = await res.json();
  expect(body).toMatchObject({ status: "unavailable", database: { ok: false, provider: "postgresql" } });
  expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|at .*\.js|stack/i);

  await page.goto(`${base}/datasets`);
  await expect(page.getByRole("heading", { name: /^Something went wrong \(ref \S+\)$/ })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("ECONNREFUSED");
});

test("GitHub sign-in is offered only when GITHUB_ID and GITHUB_SECRET are set", async ({ page, request }) => {
  const withGitHub = await (await fetch(`${base}/api/auth/providers`)).json();
  expect(Object.keys(withGitHub).sort()).toEqual(["credentials", "github"]);
  const without = await (await request.get("/api/auth/providers")).json();
  expect(Object.keys(without)).toEqual(["credentials"]);

  await page.goto(`${base}/sign-in`);
  await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeVisible();
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toHaveCount(0);
});
