import { DEMO, DEMO_PASSWORD, expect as baseExpect, screenshot, signIn, test } from "./fixtures";

// The studio loads a 2.8 MB editor and renders in sandboxed workers: on a loaded 2-core machine
// that takes longer than the suite's default 10 s expect timeout.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });

test("the studio's checks point out a misspelt field with a suggestion, mark it in the editor, and clear once fixed; metrics and languages are saved and kept", async ({ page }) => {
  await signIn(page, DEMO.contributor, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/datasets");
  await page.locator(".dataset-card h3 a", { hasText: "pocket_entailment" }).click();
  await page.getByRole("link", { name: "New template" }).click();
  const editor = page.getByRole("region", { name: "Template", exact: true });
  await expect(editor.locator(".monaco-editor")).toBeVisible();
  const checks = page.getByRole("list", { name: "Checks" });

  await editor.locator(".view-lines").click();
  await page.keyboard.type("{{ premis }}");
  await expect(checks.locator('li[data-code="unknown-field"]')).toContainText('Unknown field "premis": did you mean "premise"?');
  await expect(checks.locator('li[data-code="no-separator"]')).toBeVisible();
  // The same problem is underlined in the editor.
  await expect(editor.locator(".squiggly-error")).toHaveCount(1);
  await screenshot(page, "studio-lint-did-you-mean");

  // Following the hint: the check and its marker disappear.
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("{{ premise }} ||| {{ hypothesis }}");
  await expect(page.getByTestId("preview-example").first().getByTestId("preview-input")).toHaveText("A man is carrying a ladder across a wet street.");
  await expect(checks.locator("li")).toHaveCount(0);
  await expect(page.getByTestId("checks-ok")).toBeVisible();
  await expect(editor.locator(".squiggly-error")).toHaveCount(0);

  // Preview-based checks: a target outside the answer choices.
  await page.getByRole("region", { name: "Answer choices", exact: true }).locator(".view-lines").click();
  await page.keyboard.type("Yes ||| No");
  await expect(checks.locator('li[data-code="target-not-in-choices"]')).toContainText("not one of the answer choices");
  await expect(page.getByTestId("choices-in-prompt-hint")).toContainText("Suggested: unchecked");

  // Metadata: metrics and languages are saved with the version and come back after a reload.
  await page.getByLabel("Name").fill(`Lint e2e ${Date.now()}`);
  await page.getByLabel("Reference", { exact: true }).fill("e2e reference");
  await page.getByLabel("Original task").check();
  await page.getByLabel("Accuracy").check();
  await page.getByLabel("BLEU").check();
  await page.getByLabel("Languages").fill("en, FR, xx");
  await expect(page.getByTestId("language-names")).toContainText("English (en), French (fr)");
  await expect(page.getByTestId("language-names")).toContainText("Not ISO 639-1 codes (ignored): xx");
  await page.getByLabel("Languages").fill("en, fr");
  // The picker offers languages by name and adds the code.
  await page.getByLabel("Add a language").fill("Swahili (sw)");
  await expect(page.getByLabel("Languages")).toHaveValue("en, fr, sw");
  await expect(page.getByLabel("Add a language")).toHaveValue("");
  await expect(page.getByTestId("language-names")).toContainText("English (en), French (fr), Swahili (sw)");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
  await page.reload();
  await expect(page.getByLabel("Languages")).toHaveValue("en, fr, sw");
  await expect(page.getByLabel("Accuracy")).toBeChecked();
  await expect(page.getByLabel("BLEU")).toBeChecked();
  await expect(page.getByLabel("ROUGE")).not.toBeChecked();
  await expect(page.getByLabel("Original task")).toBeChecked();
  await expect(page.getByLabel("Choices in prompt")).not.toBeChecked();
  await expect(page.getByLabel("Reference", { exact: true })).toHaveValue("e2e reference");

  // Editing the metadata alone makes a new version that keeps it.
  await page.getByLabel("ROUGE").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved version 2." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("ROUGE")).toBeChecked();
  await expect(page.getByLabel("Languages")).toHaveValue("en, fr, sw");
  await expect(page.getByTestId("preview-status")).toContainText(/Rendered 10 rows/);
  await expect(page.getByTestId("choices-in-prompt-hint")).toContainText("Suggested: unchecked");
  await expect(page.getByRole("region", { name: "Template", exact: true }).locator(".monaco-editor")).toBeVisible();
  await screenshot(page, "studio-metadata");
});
