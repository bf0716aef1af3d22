import { expect, screenshot, signIn, test } from "./fixtures";

test("a signed-in user changes their password; the old one stops working", async ({ page }) => {
  const email = `pw-${Date.now()}@example.test`;
  const oldPassword = "first password here";
  const newPassword = "second password here";

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Pat Changer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(oldPassword);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  await page.goto("/account");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("New password").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("The current password is incorrect");

  await form.getByLabel("Current password").fill(oldPassword);
  await form.getByLabel("New password").fill("short");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toBeVisible();

  await form.getByLabel("Current password").fill(oldPassword);
  await form.getByLabel("New password").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Your password has been changed.");
  await screenshot(page, "account-password");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(page, email, oldPassword);
  await expect(page.locator(".alert-error")).toHaveText("Email or password is incorrect.");
  await signIn(page, email, newPassword);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});
