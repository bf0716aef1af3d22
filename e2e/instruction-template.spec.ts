import { DEMO, DEMO_PASSWORD, expect as baseExpect, screenshot, signIn, test } from "./fixtures";

// The studio loads a 2.8 MB editor and renders in sandboxed workers: on a loaded 2-core machine
// that takes longer than the suite's default 10 s expect timeout.
const expect = baseExpect.configure({ timeout: 30_000 });

// The demo dataset's first preview row (train row 0 of prisma/demo/pocket_entailment).
const PREMISE = "A man is carrying a ladder across a wet street.";
const HYPOTHESIS = "A man is outside.";

test("write an instruction template (Super-NaturalInstructions task): kind, definition, a positive and a negative example, instances in the preview; save, see it in history, change the definition, compare", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO.contributor, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/datasets");
  await page.locator(".dataset-card h3 a", { hasText: "pocket_entailment" }).click();
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { name: "New template", level: 1 })).toBeVisible();

  // A new template is a prompt unless the author chooses otherwise; the instruction form appears with the choice.
  const kinds = page.getByRole("group", { name: "Kind" });
  await expect(kinds.getByRole("radio", { name: /^Prompt/ })).toBeChecked();
  await expect(page.getByLabel("Definition", { exact: true })).toHaveCount(0);
  await kinds.getByRole("radio", { name: /^Instruction/ }).check();

  const name = `Entailment task e2e ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  const definition = "Given a premise and a hypothesis, write the hypothesis if the premise entails it.";
  await page.getByLabel("Definition", { exact: true }).fill(definition);
  const advice = page.getByTestId("instruction-advice");
  await expect(advice).toContainText("at least 2 positive examples");
  await expect(advice).toContainText("at least 1 negative example");

  await page.getByRole("button", { name: "Add a positive example" }).click();
  await page.getByRole("textbox", { name: "Positive example 1 input" }).fill("A dog runs in the park.");
  await page.getByRole("textbox", { name: "Positive example 1 output" }).fill("An animal is outdoors.");
  await page.getByRole("textbox", { name: "Positive example 1 explanation" }).fill("A park is outdoors and a dog is an animal.");
  await page.getByRole("button", { name: "Add a negative example" }).click();
  await page.getByRole("textbox", { name: "Negative example 1 input" }).fill("A cat sleeps on a sofa.");
  await page.getByRole("textbox", { name: "Negative example 1 output" }).fill("The cat is hunting.");
  await page.getByRole("textbox", { name: "Negative example 1 explanation" }).fill("Sleeping contradicts hunting.");
  await expect(advice).not.toContainText("negative example");
  // Rows can be added and removed.
  await page.getByRole("button", { name: "Add a negative example" }).click();
  await expect(page.getByRole("textbox", { name: "Negative example 2 input" })).toBeVisible();
  await page.getByRole("button", { name: "Remove negative example 2" }).click();
  await expect(page.getByRole("textbox", { name: "Negative example 2 input" })).toHaveCount(0);

  // The template makes the task's instances from the dataset's rows, previewed live.
  const editor = page.getByRole("region", { name: "Template", exact: true });
  await expect(editor.locator(".monaco-editor")).toBeVisible();
  await editor.locator(".view-lines").click();
  await page.keyboard.type("Premise: {{premise}}\nHypothesis: {{hypothesis}} ||| {{hypothesis}}");
  await page.keyboard.press("Escape");
  const firstRow = page.getByTestId("preview-example").first();
  await expect(firstRow.getByTestId("preview-input")).toHaveText(`Premise: ${PREMISE}\nHypothesis: ${HYPOTHESIS}`);
  await expect(firstRow.getByTestId("preview-target")).toHaveText(HYPOTHESIS);
  await screenshot(page, "studio-instruction-template");

  // Save: version 1, with the instruction, in the history.
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}\/edit$/);
  const history = page.getByTestId("version-history");
  await expect(history.locator("li")).toHaveCount(1);
  await expect(history).toContainText("Version 1");
  await expect(page.getByTestId("template-kind")).toHaveText("Kind: instruction (a Super-NaturalInstructions task)");
  await expect(page.getByLabel("Definition", { exact: true })).toHaveValue(definition);
  await expect(page.getByRole("textbox", { name: "Positive example 1 output" })).toHaveValue("An animal is outdoors.");
  await expect(page.getByRole("textbox", { name: "Negative example 1 explanation" })).toHaveValue("Sleeping contradicts hunting.");

  // A new definition is a new version; the comparison shows the instruction's change.
  await page.getByLabel("Definition", { exact: true }).fill(`${definition} Otherwise write "none".`);
  await expect(page.getByTestId("save-state")).toContainText("unsaved changes");
  await page.getByLabel("Message").fill("Say what to write otherwise");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved version 2." })).toBeVisible();
  await expect(history.locator("li")).toHaveCount(2);
  await expect(history.locator("li").first()).toContainText("Say what to write otherwise");
  await page.getByRole("button", { name: "Compare version 1 with the latest" }).click();
  await expect(page.getByRole("region", { name: "Instruction diff, version 1 and 2" })).toBeVisible();

  // Submitted for review, the reviewer sees the definition and examples with the template.
  await page.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Version 2 is in review." })).toBeVisible();
  const templateUrl = page.url().replace(/\/edit$/, "");
  const reviewer = await (await browser.newContext()).newPage();
  try {
    await signIn(reviewer, DEMO.reviewer, DEMO_PASSWORD);
    await expect(reviewer.getByRole("button", { name: "Sign out" })).toBeVisible();
    await reviewer.goto(templateUrl.replace("/templates/", "/review/"));
    const review = reviewer.getByRole("figure", { name: "Definition and examples changes" });
    await expect(review).toContainText("Definition and examples: new template");
    await expect(review).toContainText(`Otherwise write "none".`);
    await expect(review).toContainText("explanation: Sleeping contradicts hunting.");
  } finally {
    await reviewer.context().close();
  }

  // The template's page shows the definition and the examples.
  await page.goto(templateUrl);
  const instruction = page.getByTestId("template-instruction");
  await expect(instruction).toContainText(`Otherwise write "none".`);
  await expect(instruction).toContainText("Sleeping contradicts hunting.");
});
