/**
 * With the database unreachable the app still answers: /api/health says 503 with the database
 * status and no stack trace, and pages show the generic error with a reference, never the error.
 * The same server has GitHub OAuth configured, to check that the provider appears only then.
 */
import { appEnv, startApp, stopApp, type AppServer } from "./app-server";
import { expect, test } from "./fixtures";

const PORT = Number(process.env.E2E_PORT_DOWN ?? 3103);
const base = `http://127.0.0.1:${PORT}`;
let server: AppServer | null = null;

test.beforeAll(async () => {
  server = await startApp(
    PORT,
    appEnv({
      // Nothing listens on port 9 (discard): connections are refused at once.
      DATABASE_URL: "postgresql://postgres@127.0.0.1:9/promptpool",
      // Also the one server of the suite with GitHub configured (never contacted: no sign-in is tried).
      GITHUB_ID: "e2e-client-id",
      GITHUB_SECRET: "e2e-client-secret",
    }),
  );
});

test.afterAll(async () => {
  await stopApp(server);
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
