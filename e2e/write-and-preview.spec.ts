import type { Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

// The demo dataset's first preview row (train row 0 of prisma/demo/pocket_entailment).
const PREMISE = "A man is carrying a ladder across a wet street.";
const HYPOTHESIS = "A man is outside.";

/** Types into the Monaco editor labelled "Template" as a user would (keyboard, not the model API). */
async function typeInTemplate(page: Page, text: string, opts: { replace?: boolean; atStart?: boolean } = {}) {
  const region = page.getByRole("region", { name: "Template", exact: true });
  await region.locator(".view-lines").click();
  if (opts.replace) await page.keyboard.press("ControlOrMeta+A");
  if (opts.atStart) await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.type(text);
}

async function signInAsContributor(page: Page) {
  await signIn(page, DEMO.contributor, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("write a template in Monaco with a live preview, save, edit, survive a runaway template, restore, and get a conflict from a stale save", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await signInAsContributor(page);
  await page.goto("/datasets");
  await page.locator(".dataset-card h3 a", { hasText: "pocket_entailment" }).click();
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { name: "New template", level: 1 })).toBeVisible();

  const name = `Entailment e2e ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  const editor = page.getByRole("region", { name: "Template", exact: true });
  await expect(editor.locator(".monaco-editor")).toBeVisible();

  // The preview follows each keystroke: first the premise alone, then the whole input.
  const firstRow = page.getByTestId("preview-example").first();
  await typeInTemplate(page, "{{premise}}");
  await expect(firstRow.getByTestId("preview-input")).toHaveText(PREMISE);
  await typeInTemplate(page, ' Does this mean that "{{hypothesis}}"? ||| {{ answer_choices[label] }}');
  // One click proposes the ClassLabel's names as answer choices; the author then writes their own.
  await page.getByRole("button", { name: "Use the names of label" }).click();
  await expect(page.getByLabel("Answer choices", { exact: true })).toHaveValue("entailment ||| neutral ||| contradiction");
  await expect(firstRow.locator(".choice.correct")).toHaveText("✓ entailment");
  await page.getByLabel("Answer choices", { exact: true }).fill("Yes ||| Maybe ||| No");
  await expect(firstRow.getByTestId("preview-input")).toHaveText(`${PREMISE} Does this mean that "${HYPOTHESIS}"?`);
  await expect(firstRow.getByTestId("preview-target")).toHaveText("Yes");
  await expect(firstRow.locator(".choice.correct")).toHaveText("✓ Yes");
  await expect(page.getByTestId("preview-example")).toHaveCount(5);
  await expect(page.getByTestId("preview-status")).toContainText(/Rendered 5 rows in \d+ ms/);
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
  // A loop that really runs (no single huge value): stopped by the engine's 100 ms limit on each row,
  // or, when the machine is too loaded for 5 rows to finish within 1 s, by the page restarting the
  // sandboxed worker. Either way every row says why, and the next keystrokes render again.
  await typeInTemplate(page, "{% for i in range(4000000) %}{% for j in range(4000000) %}{% endfor %}{% endfor %}x ||| y", { replace: true });
  const stopped = /^(RenderLimitError: the template ran longer than 100 ms|The preview did not answer within \d+ ms and was restarted: the template probably runs too long\.)$/;
  await expect(page.getByTestId("preview-error")).toHaveText(Array(5).fill(stopped));
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

  // Restore version 1 as version 3.
  await page.getByRole("button", { name: "Restore version 1" }).click();
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
    await expect(conflict.getByTestId("conflict-mine")).toContainText("Second: {{premise}}");
    await expect(conflict.getByTestId("conflict-theirs")).toContainText("First: {{premise}}");
    await screenshot(other, "studio-conflict");
    await other.getByRole("button", { name: "Keep mine on top of version 4" }).click();
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
