import type { Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, expect as baseExpect, screenshot, signIn, test } from "./fixtures";

// The studio loads a 2.8 MB editor and renders in sandboxed workers: on a loaded 2-core machine
// that takes longer than the suite's default 10 s expect timeout.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });

async function openNewTemplate(page: Page, dataset: string) {
  await page.goto("/datasets");
  await page.locator(".dataset-card h3 a", { hasText: dataset }).click();
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("region", { name: "Template", exact: true }).locator(".monaco-editor")).toBeVisible();
}

async function typeInTemplate(page: Page, text: string, opts: { replace?: boolean } = {}) {
  await page.getByRole("region", { name: "Template", exact: true }).locator(".view-lines").click();
  if (opts.replace) await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.contributor, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("the editor completes the dataset's fields, nested ones too, filters, and describes a field on hover", async ({ page }) => {
  await openNewTemplate(page, "harbor_qa");
  const suggestions = page.locator(".suggest-widget");
  await typeInTemplate(page, "{{ answers.");
  await expect(suggestions.getByRole("option")).toHaveText([/^text/, /^answer_start/]);
  await expect(suggestions).toContainText("list of string — e.g.");
  await page.keyboard.press("Enter");
  await page.keyboard.type(" | jo");
  await expect(suggestions.getByRole("option", { name: /^join/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.type("in(', ') }}");
  await expect(page.getByTestId("preview-example").first().getByTestId("preview-input")).not.toBeEmpty();
  await expect(page.getByRole("region", { name: "Template", exact: true }).locator(".view-lines")).toHaveText("{{ answers.text | join(', ') }}");

  await openNewTemplate(page, "pocket_entailment");
  await typeInTemplate(page, "{{ ");
  await page.keyboard.press("ControlOrMeta+Space");
  await expect(suggestions.getByRole("option").first()).toHaveText(/^premise/);
  await expect(suggestions.getByRole("option", { name: /^answer_choices/ })).toBeVisible();
  await expect(suggestions.getByRole("option", { name: /^zip/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.type("label }}");
  await page.keyboard.press("Escape");
  // Over the middle of "label" in "{{ label }}" (columns 4-8 of a monospace line).
  const line = page.getByRole("region", { name: "Template", exact: true }).locator(".view-line").first();
  // Monospace: the width of the line's text over its length is one character. (Measured on the whole
  // text, as Monaco may paint the line as one span before its tokens arrive.)
  await expect(line).toHaveText("{{ label }}");
  const textBox = (await line.locator(":scope > span").boundingBox())!;
  const charWidth = textBox.width / "{{ label }}".length;
  await line.hover({ position: { x: charWidth * 5.5, y: textBox.height / 2 } });
  const hover = page.locator(".monaco-hover").filter({ hasText: "label" });
  await expect(hover).toContainText("label: ClassLabel (3 classes)");
  await expect(hover).toContainText("ClassLabel names: 0 = entailment, 1 = neutral, 2 = contradiction");
  await expect(hover).toContainText("Example: 0 (entailment)");
  await screenshot(page, "studio-hover");
});

test("the preview renders chosen rows: another split, N at random, rows by index, and the whole split page by page", async ({ page }) => {
  await openNewTemplate(page, "pocket_entailment");
  await typeInTemplate(page, "{{ hypothesis }} ||| {{ label }}");
  const examples = page.getByTestId("preview-example");
  await expect(examples).toHaveCount(10);
  await expect(examples.locator(".example-label")).toHaveText(Array.from({ length: 10 }, (_, i) => `train row ${i}`));

  const controls = page.getByRole("form", { name: "Preview rows" });
  await controls.getByLabel("Split").selectOption("validation");
  await controls.getByLabel("Random rows").check();
  await controls.getByLabel("Number of rows").fill("3");
  await controls.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("preview-status")).toContainText("Showing 3 random validation rows.");
  await expect(examples).toHaveCount(3);
  for (const label of await examples.locator(".example-label").allTextContents()) expect(label).toMatch(/^validation row [0-8]$/);

  await controls.getByLabel("Split").selectOption("train");
  await controls.getByLabel("Rows by index").check();
  await controls.getByLabel("Row indexes").fill("4, 12-13, 99");
  await controls.getByRole("button", { name: "Preview" }).click();
  await expect(controls.getByRole("alert")).toHaveText("row 99 does not exist (the split has 30 rows).");
  await controls.getByLabel("Row indexes").fill("4, 12-13");
  await controls.getByLabel("Row indexes").press("Enter");
  await expect(examples.locator(".example-label")).toHaveText(["train row 4", "train row 12", "train row 13"]);
  await expect(examples.getByTestId("preview-input")).toHaveText(["The children are brother and sister.", "Someone is feeding birds.", "The man comes here every morning."]);
  await expect(examples.getByTestId("preview-target")).toHaveText(["1", "0", "1"]);
  await screenshot(page, "studio-preview-rows");

  // The whole split, 20 rows a page, rendered in the browser's sandboxed worker.
  await page.getByRole("button", { name: "Whole split" }).click();
  const split = page.getByTestId("whole-split");
  await expect(split.getByTestId("preview-example")).toHaveCount(20);
  await expect(split.getByText("Page 1 of 2 · rows 1–20 of 30")).toBeVisible();
  await split.getByRole("button", { name: "Next page" }).click();
  await expect(split.getByText("Page 2 of 2 · rows 21–30 of 30")).toBeVisible();
  await expect(split.getByTestId("preview-example")).toHaveCount(10);
  await expect(split.locator(".example-label").first()).toHaveText("train row 20");
  await expect(split.getByTestId("whole-split-status")).toContainText("Rendered 10 rows");
  await screenshot(page, "studio-whole-split");
});

test("metadata flags stay unset unless set, drafts keep the metadata, a taken name is flagged; duplicate, rename, archive, unarchive", async ({ page }) => {
  await openNewTemplate(page, "pocket_entailment");
  const checks = page.getByRole("list", { name: "Checks" });
  await page.getByLabel("Name", { exact: true }).fill("does_it_follow");
  await expect(checks.locator('li[data-code="duplicate-name"]')).toContainText('Another template of this dataset is already named "does_it_follow"');
  const name = `Flags e2e ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(checks.locator('li[data-code="duplicate-name"]')).toHaveCount(0);
  await typeInTemplate(page, "{{premise}} ||| {{hypothesis}}");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
  const editUrl = page.url();

  // Untouched flags are saved as "not set", not as false.
  await page.reload();
  await expect(page.getByText("Not set.")).toHaveCount(2);
  // An unsaved metadata change is kept in the browser with the text and offered back.
  await page.getByLabel("Original task").check();
  await expect(page.getByText("Not set.")).toHaveCount(1);
  await expect.poll(() => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? "{}").metadata?.originalTask, `promptpool:draft:template:${editUrl.split("/").at(-2)}`)).toBe(true);
  page.once("dialog", (d) => void d.accept());
  await page.reload();
  await expect(page.getByLabel("Original task")).not.toBeChecked();
  await page.getByRole("button", { name: "Restore unsaved edits" }).click();
  await expect(page.getByLabel("Original task")).toBeChecked();
  await page.getByRole("button", { name: "Unset" }).click();
  await expect(page.getByText("Not set.")).toHaveCount(2);

  // The template page: rename (a taken name is refused before asking), duplicate, archive, unarchive.
  page.once("dialog", (d) => void d.accept());
  await page.goto(editUrl.replace(/\/edit$/, ""));
  const manage = page.getByTestId("template-operations");
  await manage.getByLabel("New name").fill("must_be_true");
  await expect(manage.getByText('Another template of this dataset is already named "must_be_true".')).toBeVisible();
  await expect(manage.getByRole("button", { name: "Rename" })).toBeDisabled();
  await manage.getByLabel("New name").fill(`${name} renamed`);
  await manage.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${name} renamed`);

  await expect(manage.getByLabel("Name of the copy")).toHaveValue(`${name} renamed (copy)`);
  await manage.getByRole("button", { name: "Duplicate" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
  expect(page.url()).not.toBe(editUrl);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(`${name} renamed (copy)`);
  await expect(page.getByRole("region", { name: "Template", exact: true })).toContainText("{{premise}} ||| {{hypothesis}}");
  await expect(page.getByTestId("version-history")).toContainText(`Duplicated from "${name} renamed" version 1`);
  // The copy has the same jinja as the original: the checks say so.
  await expect(page.getByRole("list", { name: "Checks" }).locator('li[data-code="duplicate-jinja"]')).toContainText(`The template "${name} renamed" of this dataset has the same jinja.`);

  await page.goto(editUrl.replace(/\/edit$/, ""));
  await manage.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Archived");
  await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
  await screenshot(page, "studio-archived");
  await manage.getByRole("button", { name: "Unarchive" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Draft");
  await expect(page.getByRole("link", { name: "Edit", exact: true })).toBeVisible();
});
