import { test as base, expect, type Page } from "@playwright/test";

/**
 * Every test runs in a browser context that aborts any request leaving this machine and fails
 * the test when one was attempted: the app must work without the internet (no CDN, no fonts).
 */
export const test = base.extend<{ offsite: string[] }>({
  offsite: async ({}, use) => {
    await use([]);
  },
  context: async ({ context, offsite }, use) => {
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]") return route.continue();
      offsite.push(route.request().url());
      return route.abort("blockedbyclient");
    });
    await use(context);
  },
});

test.afterEach(async ({ offsite }) => {
  expect(offsite, "requests that tried to leave localhost").toEqual([]);
});

export { expect };

export const DEMO_PASSWORD = "promptpool-demo";
export const DEMO = {
  contributor: "contributor@promptpool.test",
  reviewer: "reviewer@promptpool.test",
  admin: "admin@promptpool.test",
} as const;

export async function signIn(page: Page, email: string, password: string, baseURL = "") {
  await page.goto(`${baseURL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `tmp/screenshots/${name}.png`, fullPage: true });
}
