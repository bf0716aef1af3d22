import type { Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, expect as baseExpect, screenshot, signIn, test } from "./fixtures";

// The studio loads a 2.8 MB editor and renders in sandboxed workers: on a loaded 2-core machine
// that takes longer than the suite's default 10 s expect timeout.
const expect = baseExpect.configure({ timeout: 30_000 });

// The demo dataset's first preview row (train row 0 of prisma/demo/pocket_entailment).
const PREMISE = "A man is carrying a ladder across a wet street.";
const HYPOTHESIS = "A man is outside.";

/** Types into a Monaco editor ("Template" or "Answer choices") as a user would (keyboard, not the model API). */
async function typeIn(page: Page, editor: "Template" | "Answer choices", text: string, opts: { replace?: boolean; atStart?: boolean } = {}) {
  const region = page.getByRole("region", { name: editor, exact: true });
  await region.locator(".view-lines").click();
  if (opts.replace) await page.keyboard.press("ControlOrMeta+A");
  if (opts.atStart) await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.type(text);
  // Completion may be open after typing inside {{ }}: close it so that it takes no later key.
  await page.keyboard.press("Escape");
}

const typeInTemplate = (page: Page, text: string, opts: { replace?: boolean; atStart?: boolean } = {}) => typeIn(page, "Template", text, opts);

async function signInAsContributor(page: Page) {
  await signIn(page, DEMO.contributor, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("write a template in Monaco with a live preview, save, edit, survive a runaway template, restore, and get a conflict from a stale save", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await signInAsContributor(page);
  await page.goto("/datasets");
  await page.locator(".dataset-card h3 a", { hasText: "pocket_entailment" }).click();
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { name: "New template", level: 1 })).toBeVisible();

  const name = `Entailment e2e ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  const editor = page.getByRole("region", { name: "Template", exact: true });
  await expect(editor.locator(".monaco-editor")).toBeVisible();

  // The preview follows each keystroke. A misspelt field fails on every row and the checks say
  // which field was meant; following the hint fixes the preview.
  const firstRow = page.getByTestId("preview-example").first();
  const checks = page.getByRole("list", { name: "Checks" });
  await typeInTemplate(page, "{{premis}}");
  await expect(checks.locator('li[data-code="unknown-field"]')).toContainText('Unknown field "premis": did you mean "premise"?');
  await checks.getByRole("button", { name: "Use premise" }).click();
  await expect(page.getByRole("region", { name: "Template", exact: true }).locator(".view-lines")).toHaveText("{{premise}}");
  await expect(firstRow.getByTestId("preview-input")).toHaveText(PREMISE);
  await expect(checks.locator('li[data-code="unknown-field"]')).toHaveCount(0);
  await page.getByRole("region", { name: "Template", exact: true }).locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
  await typeInTemplate(page, ' Does this mean that "{{hypothesis}}"? ||| {{ answer_choices[label] }}');
  // One click proposes the ClassLabel's names as answer choices; the author then writes their own.
  await page.getByRole("button", { name: "Use the names of label" }).click();
  const choicesEditor = page.getByRole("region", { name: "Answer choices", exact: true });
  await expect(choicesEditor.locator(".view-lines")).toHaveText("entailment ||| neutral ||| contradiction");
  await expect(firstRow.locator(".choice.correct")).toHaveText("✓ entailment");
  await typeIn(page, "Answer choices", "Yes ||| Maybe ||| No", { replace: true });
  await expect(firstRow.getByTestId("preview-input")).toHaveText(`${PREMISE} Does this mean that "${HYPOTHESIS}"?`);
  await expect(firstRow.getByTestId("preview-target")).toHaveText("Yes");
  await expect(firstRow.locator(".choice.correct")).toHaveText("✓ Yes");
  await expect(page.getByTestId("preview-example")).toHaveCount(10);
  await expect(page.getByTestId("preview-status")).toContainText(/Rendered 10 rows in \d+ ms \(engine \d+\.\d ms\)/);
  // The sandbox is an opaque-origin iframe: scripts only, never same-origin.
  await expect(page.getByTestId("preview-sandbox")).toHaveAttribute("sandbox", "allow-scripts");
  await screenshot(page, "studio-new-template");
  await page.getByLabel("Show whitespace").check();
  await expect(firstRow.getByTestId("preview-input")).toHaveText(`${PREMISE} Does this mean that "${HYPOTHESIS}"?`.replaceAll(" ", "·"));
  await page.getByLabel("Show whitespace").uncheck();

  // Save creates the template (version 1) and opens its editor.
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
  const editUrl = page.url();
  await expect(page.getByRole("region", { name: "Answer choices", exact: true }).locator(".view-lines")).toHaveText("Yes ||| Maybe ||| No");
  const history = page.getByTestId("version-history");
  await expect(history.locator("li")).toHaveCount(1);
  await expect(history).toContainText("Version 1");
  await expect(history).toContainText("Demo Contributor");

  // Edit and save with Ctrl+S: version 2.
  await typeInTemplate(page, "Premise: ", { atStart: true });
  await expect(firstRow.getByTestId("preview-input")).toHaveText(`Premise: ${PREMISE} Does this mean that "${HYPOTHESIS}"?`);
  await page.getByLabel("Message").fill("Label the premise");
  await page.keyboard.press("ControlOrMeta+S");
  await expect(page.getByRole("status").filter({ hasText: "Saved version 2." })).toBeVisible();
  await expect(history.locator("li")).toHaveCount(2);
  await expect(history.locator("li").first()).toContainText("Version 2");
  await expect(history.locator("li").first()).toContainText("Label the premise");

  // A runaway template becomes an error on every row; the page keeps answering.
  await typeInTemplate(page, "{% for i in range(10**9) %}{% endfor %}x ||| y", { replace: true });
  await expect(firstRow.getByTestId("preview-error")).toContainText("RenderLimitError: a value of 1000000000 characters or items exceeds the limit");
  // A loop that really runs (no single huge value): stopped on each row by the engine's 100 ms limit,
  // or by its 5,000,000-step limit on a machine fast enough to take that many steps within 100 ms,
  // or, when the machine is too loaded for 5 rows to finish within 1 s, by the page restarting the
  // sandboxed worker. Either way every row says why, and the next keystrokes render again.
  await typeInTemplate(page, "{% for i in range(4000000) %}{% for j in range(4000000) %}{% endfor %}{% endfor %}x ||| y", { replace: true });
  const stopped =
    /^(RenderLimitError: the template ran longer than 100 ms|RenderLimitError: the template took more than 5000000 evaluation steps|The preview did not answer within \d+ ms and was restarted: the template probably runs too long\.)$/;
  await expect(page.getByTestId("preview-error")).toHaveText(Array(10).fill(stopped));
  await screenshot(page, "studio-runaway");
  await page.getByLabel("Message").fill("still responsive");
  await expect(page.getByLabel("Message")).toHaveValue("still responsive");
  await typeInTemplate(page, "{{hypothesis}}", { replace: true });
  await expect(firstRow.getByTestId("preview-input")).toHaveText(HYPOTHESIS);

  // Unsaved edits survive a reload: the studio keeps them in this browser and offers them back.
  const draftKey = `promptpool:draft:template:${editUrl.split("/").at(-2)}`;
  await expect.poll(() => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? "{}").jinja, draftKey)).toBe("{{hypothesis}}");
  page.once("dialog", (d) => void d.accept()); // "leave the page with unsaved changes?"
  await page.reload();
  await expect(page.getByTestId("draft-offer")).toContainText("You have unsaved edits from");
  await page.getByRole("button", { name: "Restore unsaved edits" }).click();
  await expect(firstRow.getByTestId("preview-input")).toHaveText(HYPOTHESIS);
  await expect(page.getByRole("region", { name: "Template", exact: true })).toContainText("{{hypothesis}}");

  // Diff: version 1 against version 2, side by side, with the rendered outputs on the same rows.
  await page.getByRole("button", { name: "Compare version 1 with the latest" }).click();
  const diff = page.getByTestId("version-diff");
  await expect(diff.getByRole("heading", { name: "Version 1 → version 2" })).toBeVisible();
  await expect(diff.getByRole("region", { name: "Template diff, version 1 and 2" }).locator(".monaco-diff-editor")).toBeVisible();
  await expect(diff.locator(".monaco-diff-editor")).toContainText("Premise:");
  await expect(diff.getByTestId("output-diff-summary")).toHaveText("Different output on 10 of 10 rows.");
  await expect(diff.getByTestId("output-diff-row").first().locator("ins")).toHaveText("Premise: ");
  await screenshot(page, "studio-diff");

  // Restore version 1 as version 3: with unsaved edits in the editor, the studio asks first.
  await page.getByRole("button", { name: "Restore version 1", exact: true }).click();
  await expect(page.getByTestId("restore-confirm")).toContainText("You have unsaved edits. Restoring version 1 replaces them");
  await page.getByRole("button", { name: "Keep my edits" }).click();
  await expect(page.getByTestId("restore-confirm")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Template", exact: true })).toContainText("{{hypothesis}}");
  await page.getByRole("button", { name: "Restore version 1", exact: true }).click();
  await page.getByRole("button", { name: "Restore version 1 anyway" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored version 1 as version 3." })).toBeVisible();
  await expect(history.locator("li")).toHaveCount(3);
  await expect(history.locator("li").first()).toContainText("Restored version 1");
  await expect(firstRow.getByTestId("preview-input")).toHaveText(`${PREMISE} Does this mean that "${HYPOTHESIS}"?`);

  // A second browser opens the editor on version 3; the first saves version 4 meanwhile.
  const otherContext = await browser.newContext();
  try {
    await otherContext.route("**/*", (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === "127.0.0.1" || host === "localhost" ? route.continue() : route.abort("blockedbyclient");
    });
    const other = await otherContext.newPage();
    await signInAsContributor(other);
    await other.goto(editUrl);
    await expect(other.getByRole("region", { name: "Template", exact: true }).locator(".monaco-editor")).toBeVisible();
    await expect(other.getByTestId("save-state")).toContainText("Editing on version 3");

    await typeInTemplate(page, "First: ", { atStart: true });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved version 4." })).toBeVisible();

    await typeInTemplate(other, "Second: ", { atStart: true });
    await other.getByRole("button", { name: "Save" }).click();
    const conflict = other.getByTestId("conflict");
    await expect(conflict.getByRole("alert")).toContainText("Not saved: Demo Contributor saved version 4");
    // Both sides in Monaco's diff editor: the server's version on the left, ours (editable) on the right.
    const merge = conflict.getByRole("region", { name: "Merge" });
    await expect(merge.locator(".editor.original .view-lines")).toContainText("First: {{premise}}", { timeout: 30_000 });
    await expect(merge.locator(".editor.modified .view-lines")).toContainText("Second: {{premise}}");
    await screenshot(other, "studio-conflict");
    // Merge by hand: keep both prefixes, then save the merge on top of version 4.
    await merge.locator(".editor.modified .view-lines").click();
    await other.keyboard.press("ControlOrMeta+Home");
    await other.keyboard.type("First: ");
    await other.getByRole("button", { name: "Use the merge on top of version 4" }).click();
    await expect(other.getByRole("region", { name: "Template", exact: true }).locator(".view-lines")).toContainText("First: Second: {{premise}}");
    await other.getByRole("button", { name: "Save" }).click();
    await expect(other.getByRole("status").filter({ hasText: "Saved version 5." })).toBeVisible();
    await expect(other.getByTestId("version-history").locator("li")).toHaveCount(5);
  } finally {
    await otherContext.close();
  }

  // A reviewer may read this draft but not edit it: no Edit link, and the editor answers 404.
  const reviewerContext = await browser.newContext();
  try {
    await reviewerContext.route("**/*", (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === "127.0.0.1" || host === "localhost" ? route.continue() : route.abort("blockedbyclient");
    });
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, DEMO.reviewer, DEMO_PASSWORD);
    await expect(reviewer.getByRole("button", { name: "Sign out" })).toBeVisible();
    await reviewer.goto(editUrl.replace(/\/edit$/, ""));
    await expect(reviewer.getByTestId("template-jinja")).toBeVisible();
    await expect(reviewer.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
    const response = await reviewer.goto(editUrl);
    expect(response?.status()).toBe(404);
    await expect(reviewer.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  } finally {
    await reviewerContext.close();
  }

  // The read-only page shows version 5 (the second browser's text, saved on purpose over version 4)
  // and links to the editor for its author.
  await page.goto(editUrl.replace(/\/edit$/, ""));
  await expect(page.getByText("Version 5 of 5")).toBeVisible();
  await expect(page.getByTestId("template-jinja")).toContainText("Second: {{premise}}");
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page).toHaveURL(editUrl);
});
