import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

test("sign up, sign out, wrong password, sign in, browse a dataset and a template, sign out", async ({ page }) => {
  const email = `e2e-${Date.now()}@example.test`;
  const password = "correct horse battery";

  await page.goto("/sign-up");
  await screenshot(page, "sign-up");
  await page.getByLabel("Name").fill("Eve Tester");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Signed in straight away, as a contributor.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Eve Tester/ })).toBeVisible();

  await page.getByRole("link", { name: /Eve Tester/ }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("account-details")).toContainText(email);
  await expect(page.getByTestId("account-details")).toContainText("contributor");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // The same account cannot be registered twice.
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Eve Again");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".alert-error")).toHaveText("An account with this email already exists.");

  // Wrong password and unknown email give the same generic message.
  await signIn(page, email, "not the password");
  await expect(page.locator(".alert-error")).toHaveText("Email or password is incorrect.");
  await screenshot(page, "sign-in-error");
  await signIn(page, "nobody@example.test", "whatever-password");
  await expect(page.locator(".alert-error")).toHaveText("Email or password is incorrect.");

  await signIn(page, email, password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // Browse a dataset and its rows.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Datasets" }).click();
  await expect(page.getByRole("heading", { name: "Datasets", level: 1 })).toBeVisible();
  await page.locator(".dataset-card h3 a").first().click();
  await expect(page.getByRole("heading", { name: "Sample rows" })).toBeVisible();
  const rows = page.getByTestId("sample-rows").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(0);

  // Open a template of this dataset.
  const templateLink = page.locator("section", { has: page.getByRole("heading", { name: "Templates" }) }).locator("li a").first();
  const templateName = (await templateLink.textContent())?.trim() ?? "";
  await templateLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(templateName);
  await expect(page.getByTestId("template-jinja")).not.toBeEmpty();
  await expect(page.getByTestId("versions").locator("li").first()).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
});

test("the demo admin manages users; a disabled user cannot sign in", async ({ page, browser }) => {
  const email = `e2e-disable-${Date.now()}@example.test`;
  const password = "another good password";
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Dora Disabled");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  try {
    await signIn(admin, DEMO.admin, DEMO_PASSWORD);
    await expect(admin.getByRole("button", { name: "Sign out" })).toBeVisible();
    await admin.getByRole("link", { name: "Users" }).click();
    const row = admin.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
    await row.getByLabel(`Role of ${email}`).selectOption("reviewer");
    await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("reviewer");
    await screenshot(admin, "admin-users");

    // The role change reaches the other session on its next request (role read on every JWT callback).
    await page.goto("/account");
    await expect(page.getByTestId("account-details")).toContainText("reviewer");

    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByText("disabled")).toBeVisible();
  } finally {
    await adminContext.close();
  }

  // The disabled user's existing session stops working, and signing in again is refused.
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(page, email, password);
  await expect(page.locator(".alert-error")).toHaveText("This account is disabled. Ask an administrator.");
});

test("repeated wrong passwords for one email are refused for a while", async ({ page }) => {
  const email = `e2e-guess-${Date.now()}@example.test`;
  // Five failures per email in the window (lib/auth/sign-in-guard.ts); each attempt takes >= 0.5 s.
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    await signIn(page, email, `guess-${i}`);
    await expect(page.locator(".alert-error")).toHaveText("Email or password is incorrect.");
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  }
  await signIn(page, email, "guess-5");
  await expect(page.locator(".alert-error")).toHaveText("Too many failed attempts. Wait a few minutes and try again.");
});
