import type { Browser, Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

test("two reviewers decide the same version at once: the first decision stands, the second is told and sees it", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const name = `concurrent_review_${Date.now()}`;
  await signIn(page, DEMO.contributor, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/datasets");
  await page.locator(".dataset-card h3 a", { hasText: "pocket_entailment" }).click();
  await page.getByRole("link", { name: "New template" }).click();
  await page.getByLabel("Name").fill(name);
  const editor = page.getByRole("region", { name: "Template", exact: true });
  await expect(editor.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  await editor.locator(".view-lines").click();
  await page.keyboard.type("{{premise}} Does it follow that {{hypothesis}}? ||| {{label}}");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
  const templateId = page.url().split("/").at(-2)!;
  await page.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Version 1 is in review." })).toBeVisible();

  const first = await signedInPage(browser, DEMO.reviewer);
  const second = await signedInPage(browser, DEMO.admin);
  try {
    // Both open the review while the version is in review.
    await first.goto(`/review/${templateId}`);
    await second.goto(`/review/${templateId}`);
    await expect(first.getByRole("button", { name: "Approve" })).toBeVisible();
    await expect(second.getByRole("button", { name: "Request changes" })).toBeVisible();

    // The first approves; the second, still looking at the version in review, requests changes.
    await first.getByRole("button", { name: "Approve" }).click();
    await expect(first.getByRole("status").filter({ hasText: "Approved: version 1 is now in the pool." })).toBeVisible();
    await second.getByLabel("Decision comment").fill("Say which way the entailment goes.");
    await second.getByRole("button", { name: "Request changes" }).click();
    await expect(second.getByRole("alert").filter({ hasText: "Demo Reviewer decided first (approved); your decision was not recorded." })).toBeVisible();
    // ...and sees the decision that stands, with nothing left to decide.
    await expect(second.locator("h1 .badge")).toHaveText("Approved");
    await expect(second.getByText("Nothing to decide: the template is approved.")).toBeVisible();
    await screenshot(second, "review-concurrent-second");

    // One decision recorded, one notification to the author, the version in the pool.
    await second.goto(`/admin/audit?action=review.decide&subjectId=${templateId}`);
    const events = second.getByRole("table", { name: "Audit events" });
    await expect(events.getByRole("row").filter({ hasText: "review.decide" })).toHaveCount(1);
    await page.goto("/notifications");
    await expect(page.getByRole("link", { name: new RegExp(`approved ${name}, version 1`) })).toHaveCount(1);
    await expect(page.getByRole("link", { name: new RegExp(`requested changes to ${name}`) })).toHaveCount(0);
    await page.goto(`/templates/${templateId}`);
    await expect(page.getByText("version 1 is in the pool")).toBeVisible();
  } finally {
    await first.context().close();
    await second.context().close();
  }
});
