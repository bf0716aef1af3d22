import type { Browser, Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

/** Types into the Monaco editor labelled "Template" as a user would. */
async function typeInTemplate(page: Page, text: string, opts: { atStart?: boolean } = {}) {
  const region = page.getByRole("region", { name: "Template", exact: true });
  await region.locator(".view-lines").click();
  if (opts.atStart) await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.type(text);
  // Completion may be open after typing inside {{ }}: close it so that it takes no later key.
  await page.keyboard.press("Escape");
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

test("submit, request changes on a line, answer and resubmit, approve into the pool; no self-approval; a disabled author is locked out", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The author is a new account, so the demo contributor stays usable for other specs.
  const stamp = Date.now();
  const email = `e2e-author-${stamp}@example.test`;
  const password = "a good long password";
  const name = `review_e2e_${stamp}`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Rhea Author");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // 1. The author writes a template and submits version 1.
  await page.goto("/datasets");
  await page.locator(".dataset-card h3 a", { hasText: "pocket_entailment" }).click();
  await page.getByRole("link", { name: "New template" }).click();
  await page.getByLabel("Name").fill(name);
  await expect(page.getByRole("region", { name: "Template", exact: true }).locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  await typeInTemplate(page, '{{premise}} So "{{hypothesis}}"? ||| {{ answer_choices[label] }}');
  await page.getByRole("region", { name: "Answer choices", exact: true }).locator(".view-lines").click();
  await page.keyboard.type("Yes ||| Maybe ||| No");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
  const templateId = page.url().split("/").at(-2)!;
  await page.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Version 1 is in review." })).toBeVisible();

  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const admin = await signedInPage(browser, DEMO.admin);
  try {
    // 2. The reviewer is notified, finds it in the queue and requests changes with a line comment.
    await expect(reviewer.getByTestId("unread-count")).toBeVisible();
    await reviewer.getByRole("link", { name: /^Notifications/ }).click();
    await expect(reviewer.getByRole("link", { name: `Review requested: ${name}, version 1` })).toBeVisible();
    await reviewer.getByRole("link", { name: "Review", exact: true }).click();
    const queue = reviewer.getByRole("table", { name: "Templates in review" });
    await expect(queue.getByRole("link", { name })).toBeVisible();
    await reviewer.getByLabel("Author").selectOption({ label: "Rhea Author (1)" });
    await reviewer.getByRole("button", { name: "Filter" }).click();
    await expect(reviewer.getByTestId("queue-count")).toHaveText(/^Showing 1 of \d+$/);
    await screenshot(reviewer, "review-queue");
    await queue.getByRole("link", { name }).click();
    await expect(reviewer.getByRole("heading", { name: /against nothing \(new template\)/ })).toBeVisible();
    const rendered = reviewer.getByTestId("side-by-side").getByTestId("preview-example");
    await screenshot(reviewer, "review-page-loading");
    // The same 10 sample rows as the studio's preview (PREVIEW_ROW_COUNT).
    await expect(rendered).toHaveCount(10, { timeout: 30_000 });
    await expect(rendered.first().getByTestId("preview-input")).toContainText('So "A man is outside."?');
    await expect(reviewer.getByTestId("side-by-side").getByTestId("preview-sandbox")).toHaveAttribute("sandbox", "allow-scripts");

    await reviewer.getByRole("button", { name: "Comment on line 1" }).click();
    await reviewer.getByRole("textbox", { name: "Comment on line 1" }).fill("Unlabelled test rows (label -1) pick the last choice.");
    await reviewer.getByRole("button", { name: "Add line comment" }).click();
    await expect(reviewer.getByRole("link", { name: "1 thread on line 1" })).toBeVisible();
    // Requesting changes needs a decision comment.
    await reviewer.getByRole("button", { name: "Request changes" }).click();
    await expect(reviewer.getByRole("alert").filter({ hasText: "requesting changes needs a comment" })).toBeVisible();
    await reviewer.getByLabel("Decision comment").fill("Guard the target for unlabelled rows.");
    await reviewer.getByRole("button", { name: "Request changes" }).click();
    await expect(reviewer.getByRole("status").filter({ hasText: "Decision recorded: changes requested." })).toBeVisible();
    await expect(reviewer.locator("h1 .badge")).toHaveText("Changes requested");
    await screenshot(reviewer, "review-changes-requested");

    // 3. The author sees the decision, answers the thread, edits and resubmits.
    await page.goto("/");
    await expect(page.getByTestId("unread-count")).toHaveText("1");
    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.getByRole("link", { name: new RegExp(`requested changes to ${name}, version 1`) }).click();
    await expect(page).toHaveURL(new RegExp(`/review/${templateId}`));
    const thread = page.getByRole("listitem", { name: "Thread by Demo Reviewer" });
    await expect(thread).toContainText("Unlabelled test rows");
    await thread.getByRole("textbox", { name: "Reply to Demo Reviewer" }).fill("Good catch, guarded now.");
    await thread.getByRole("button", { name: "Reply" }).click();
    await expect(thread).toContainText("Good catch, guarded now.");
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await expect(page.getByRole("region", { name: "Template", exact: true }).locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
    // The open line comment is in the editor's gutter, and listed under it.
    const glyph = page.getByRole("region", { name: "Template", exact: true }).locator(".comment-glyph");
    await expect(glyph).toHaveCount(1);
    await glyph.hover();
    await expect(page.locator(".monaco-hover").filter({ hasText: "Demo Reviewer on version 1, line 1: Unlabelled test rows" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Open review comments" })).toContainText("Line 1: Demo Reviewer Unlabelled test rows");
    await screenshot(page, "studio-review-notes");
    await typeInTemplate(page, "{% if label != -1 %}", { atStart: true });
    // The end of the text (End alone stops where a wrapped line breaks on screen).
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("{% endif %}");
    await page.keyboard.press("ControlOrMeta+S");
    await expect(page.getByRole("status").filter({ hasText: "Saved version 2." })).toBeVisible();
    await page.getByRole("button", { name: "Submit for review", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Version 2 is in review." })).toBeVisible();

    // 4. The reviewer got the reply, sees version 2 and approves it.
    await reviewer.goto("/notifications");
    await expect(reviewer.getByRole("link", { name: "Rhea Author replied to a comment on version 1" })).toBeVisible();
    await reviewer.goto(`/review/${templateId}`);
    await expect(reviewer.getByTestId("review-state")).toContainText("Version 2 is in review");
    await expect(reviewer.locator('[data-line="1"] .line-text')).toContainText("{% if label != -1 %}");
    await reviewer.getByRole("button", { name: "Approve" }).click();
    await expect(reviewer.getByRole("status").filter({ hasText: "Approved: version 2 is now in the pool." })).toBeVisible();
    await screenshot(reviewer, "review-approved");

    // 5. The pool and the home page show version 2.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto("/");
    const recent = visitor.locator("section", { has: visitor.getByRole("heading", { name: "Recently approved" }) });
    await expect(recent.getByRole("listitem").filter({ hasText: name })).toContainText("v2");
    await recent.getByRole("link", { name }).click();
    await expect(visitor.locator("h1 .badge")).toHaveText("Approved");
    await expect(visitor.getByText("version 2 is in the pool")).toBeVisible();
    await screenshot(visitor, "review-pool-template");

    // 6. Self-approval is refused: promoted to reviewer, the author still cannot decide on their own version.
    await admin.goto("/admin/users");
    const row = admin.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
    await row.getByLabel(`Role of ${email}`).selectOption("reviewer");
    await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("reviewer");
    await page.goto(`/templates/${templateId}/edit`);
    await expect(page.getByRole("region", { name: "Template", exact: true }).locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
    await typeInTemplate(page, "Question: ", { atStart: true });
    await page.keyboard.press("ControlOrMeta+S");
    await expect(page.getByRole("status").filter({ hasText: "Saved version 3." })).toBeVisible();
    await page.getByRole("button", { name: "Submit for review", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Version 3 is in review." })).toBeVisible();
    await page.goto(`/review/${templateId}`);
    await expect(page.getByText("You wrote this version, so someone else reviews it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
    // ...and a newer version in review leaves the pool alone.
    await visitor.reload();
    await expect(visitor.getByText("version 2 is in the pool")).toBeVisible();
    await expect(visitor.getByTestId("template-jinja")).not.toContainText("Question:");
    await visitor.context().close();

    // 7. Every submission and decision is in the audit log.
    await admin.goto(`/admin/audit?action=review.&subjectId=${templateId}`);
    const events = admin.getByRole("table", { name: "Audit events" });
    await expect(events.getByRole("row").filter({ hasText: "review.submit" })).toHaveCount(3);
    await expect(events.getByRole("row").filter({ hasText: "review.decide" })).toHaveCount(2);
    await screenshot(admin, "admin-audit");

    // 8. A disabled author is locked out at once.
    await admin.goto("/admin/users");
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByText("disabled")).toBeVisible();
    await page.goto("/review");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Freview/);
    await signIn(page, email, password);
    await expect(page.locator(".alert-error")).toHaveText("This account is disabled. Ask an administrator.");
  } finally {
    await reviewer.context().close();
    await admin.context().close();
  }
});
