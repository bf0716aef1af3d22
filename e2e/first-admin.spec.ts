/**
 * Outside demo mode (PROMPTPOOL_DEMO=0): the seed loads the demo datasets but creates no account
 * that can sign in, the demo password opens nothing, and the first person to sign up becomes the
 * admin; the next one is a contributor.
 */
import fs from "node:fs";
import path from "node:path";
import { appEnv, prepareDatabase, ROOT, startApp, stopApp, type AppServer } from "./app-server";
import { DEMO, DEMO_PASSWORD, expect, signIn, test } from "./fixtures";

const PORT = Number(process.env.E2E_PORT_NODEMO ?? 3104);
const dataDir = path.join(ROOT, "tmp", "e2e-nodemo");
let server: AppServer | null = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env = appEnv({ DATABASE_URL: `file:${path.join(dataDir, "app.db")}`, PROMPTPOOL_DATA_DIR: dataDir, PROMPTPOOL_DEMO: "0" });
  prepareDatabase(env);
  server = await startApp(PORT, env);
});

test.afterAll(async () => {
  await stopApp(server);
});

async function signUp(page: import("@playwright/test").Page, base: string, name: string, email: string) {
  await page.goto(`${base}/sign-up`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("first admin password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("the first sign-up on a non-demo instance becomes admin, the next a contributor", async ({ page, browser }) => {
  const base = server!.url;
  await page.goto(`${base}/datasets`);
  expect(await page.locator(".dataset-card").count()).toBeGreaterThan(0);

  await signIn(page, DEMO.admin, DEMO_PASSWORD, base);
  await expect(page.locator(".alert-error")).toHaveText("Email or password is incorrect.");

  await signUp(page, base, "First Person", "first@example.test");
  await page.goto(`${base}/account`);
  await expect(page.getByTestId("account-details")).toContainText("admin");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeVisible();

  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    await signUp(second, base, "Second Person", "second@example.test");
    await second.goto(`${base}/account`);
    await expect(second.getByTestId("account-details")).toContainText("contributor");
    await second.goto(`${base}/admin/users`);
    await expect(second.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  } finally {
    await other.close();
  }
});
