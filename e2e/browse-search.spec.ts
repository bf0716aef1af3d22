import { readFileSync } from "node:fs";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

// Train row 0 of prisma/demo/pocket_entailment, as the demo template does_it_follow renders it.
const PREMISE = "A man is carrying a ladder across a wet street.";

test("search finds a demo template by a word of its jinja, filters, highlights and opens it; visibility follows the policy", async ({ page }) => {
  await page.goto("/search");
  await page.getByRole("searchbox", { name: "Search templates" }).fill("follow");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/search\?q=follow/);
  const results = page.getByTestId("search-result");
  // Anonymous visitors see the pool: the rejected copy of does_it_follow is not found.
  await expect(results).toHaveCount(1);
  await expect(results.first().getByRole("link", { name: "does_it_follow" })).toBeVisible();
  await expect(results.first().locator("pre mark").first()).toHaveText(/^follow$/i);

  await page.getByLabel("Dataset").selectOption({ label: "pocket_entailment" });
  await page.getByLabel("State").selectOption("approved");
  await page.getByLabel("Metric").selectOption("Accuracy");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/state=approved/);
  await expect(page.getByRole("status")).toHaveText("1 template matches.");
  await page.getByLabel("Metric").selectOption("ROUGE");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("No templates match.");
  await page.getByLabel("Metric").selectOption("Accuracy");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await screenshot(page, "browse-search");
  await page.getByRole("link", { name: "does_it_follow" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /does_it_follow/ })).toBeVisible();

  // A reviewer also finds work in review.
  await signIn(page, DEMO.reviewer, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/search?q=therefore");
  await expect(page.getByTestId("search-result")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "must_be_true" })).toBeVisible();
  await page.goto("/search?q=follow");
  await expect(page.getByRole("link", { name: "copy_of_does_it_follow" })).toBeVisible();
});

test("the helicopter view's numbers link to the lists behind them", async ({ page }) => {
  await page.goto("/overview");
  await expect(page.getByRole("heading", { level: 1, name: "Helicopter view" })).toBeVisible();
  const metric = page.getByTestId("overview-metric");
  await expect(metric.locator("canvas")).toBeVisible();
  const accuracy = metric.getByRole("link", { name: /templates: Metric Accuracy$/ });
  const count = Number(await accuracy.textContent());
  expect(count).toBeGreaterThan(0);
  await screenshot(page, "browse-overview");
  await accuracy.click();
  await expect(page).toHaveURL(/\/search\?metric=Accuracy$/);
  await expect(page.getByRole("status")).toHaveText(`${count} template${count === 1 ? "" : "s"} match${count === 1 ? "es" : ""}.`);
  await expect(page.getByTestId("search-result")).toHaveCount(count);

  // Per dataset: the table's number, then the dataset's own view, whose state chart links with the dataset kept.
  await page.goto("/overview");
  const approved = page.getByRole("link", { name: /^\d+ Approved templates in pocket_entailment$/ });
  const approvedCount = Number(await approved.textContent());
  await approved.click();
  await expect(page).toHaveURL(/\/search\?dataset=[^&]+&state=approved$/);
  await expect(page.getByTestId("search-result")).toHaveCount(approvedCount);
  await page.goto("/overview");
  await page.getByRole("link", { name: "pocket_entailment", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Helicopter view: pocket_entailment" })).toBeVisible();
  const language = page.getByTestId("overview-language").getByRole("link", { name: /templates: Language English \(en\)$/ });
  const languageCount = Number(await language.textContent());
  await screenshot(page, "browse-overview-dataset");
  await language.click();
  await expect(page).toHaveURL(/\/search\?dataset=[^&]+&language=en$/);
  await expect(page.getByTestId("search-result")).toHaveCount(languageCount);
});

test("the prompted dataset viewer renders a template over a whole split in the sandboxed worker, counts and filters empty rows, paginates and downloads JSONL", async ({ page }) => {
  await page.goto("/viewer");
  await page.getByLabel("Dataset").selectOption({ label: "pocket_entailment" });
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByLabel("Template").selectOption({ label: "does_it_follow" });
  await page.getByLabel("Split").selectOption("train");
  await page.getByLabel("Rows per page").selectOption("10");
  await page.getByRole("button", { name: "Show" }).click();

  const rows = page.getByTestId("viewer-row");
  await expect(rows).toHaveCount(10);
  await expect(rows.first().getByTestId("viewer-input")).toContainText(PREMISE);
  await expect(rows.first().getByTestId("viewer-target")).toHaveText("Yes");
  // The counts cover the whole split (30 rows), not the page on screen.
  await expect(page.getByTestId("viewer-summary")).toHaveText("30 rows in train: 30 rendered, 0 empty, 0 with errors.");
  // Rendered in an opaque-origin sandbox, not in this page.
  await expect(page.getByTestId("preview-sandbox")).toHaveAttribute("sandbox", "allow-scripts");
  await screenshot(page, "browse-viewer");

  await page.getByRole("link", { name: "Next →" }).click();
  await expect(rows.first()).toContainText("train row 10");
  await expect(rows).toHaveCount(10);
  // "What you see" is the whole view, every page: the split's 30 rows as rendered.
  await expect(page.getByTestId("viewer-download-scope")).toHaveText("30 rows of train, every page");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download what you see as JSONL" }).click()]);
  expect(download.suggestedFilename()).toBe("pocket_entailment-does_it_follow-v1-train.jsonl");
  const lines = readFileSync(await download.path(), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.map((l) => l.index)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  const shown = await rows.first().getByTestId("viewer-input").textContent();
  expect(lines[10]).toMatchObject({ split: "train", index: 10, input: shown });
  expect(["Yes", "Maybe", "No"]).toContain(lines[10]!.target);

  // Hidden test labels (-1): the template gives no target, and the viewer counts those rows as empty.
  await page.getByLabel("Split").selectOption("test");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByTestId("viewer-summary")).toHaveText("9 rows in test: 0 rendered, 9 empty, 0 with errors.");
  const filters = page.getByRole("navigation", { name: "Which rows" });
  await expect(filters.getByRole("link", { name: "Errors 0" })).toBeVisible();
  await filters.getByRole("link", { name: "Empty or failing 9" }).click();
  await expect(page).toHaveURL(/only=problems/);
  await expect(rows).toHaveCount(9);
  await expect(rows.first()).toContainText("empty");
  await filters.getByRole("link", { name: "Errors 0" }).click();
  await expect(page.getByText("No rows with errors.")).toBeVisible();
});
