/**
 * Sample rows in: a contributor creates a dataset from a CSV (a text column made a ClassLabel),
 * adds a JSONL split, opens a row's JSON; bad files are refused with their reason; an admin turns
 * an integer column and a text column (its rows converted) into ClassLabels; rows are fetched from a local fake Hugging Face Hub by a
 * second app instance whose PROMPTPOOL_HUB_URL points at it.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { startFakeHub, type FakeHub } from "../lib/datasets/testing/fake-hub";
import { appEnv, prepareDatabase, ROOT, startApp, stopApp, type AppServer } from "./app-server";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

const file = (name: string, content: string | Buffer) => ({
  name,
  mimeType: "application/octet-stream",
  buffer: typeof content === "string" ? Buffer.from(content, "utf8") : content,
});

async function choose(page: Page, f: ReturnType<typeof file>) {
  await page.getByLabel("File", { exact: true }).setInputFiles(f);
}

/** The page's own error box (Next's route announcer is an alert too). */
const formAlert = (page: Page) => page.locator(".alert-error[role=alert]");

async function signedIn(page: Page, email: string, base = "") {
  await signIn(page, email, DEMO_PASSWORD, base);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("a contributor creates a dataset from a CSV with a ClassLabel column, adds a JSONL split and reads a row's JSON", async ({ page }) => {
  await signedIn(page, DEMO.contributor);
  await page.goto("/datasets");
  await page.getByRole("link", { name: "New dataset" }).click();
  await page.getByLabel("Dataset name").fill("e2e/reviews");
  await choose(page, file("reviews.csv", 'text,label,score\n"great, really",pos,3\nmeh,neg,2.5\nfine,pos,4\n'));

  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Preview: 3 rows from reviews.csv" })).toBeVisible();
  await expect(preview.getByTestId("feature-tree")).toContainText("label string");
  await expect(preview.getByTestId("feature-tree")).toContainText("score float64");
  await preview.getByRole("checkbox", { name: /label is a ClassLabel/ }).check();
  await expect(preview.getByLabel("Class names for label (one per line, in index order)")).toHaveValue("neg\npos");
  await expect(preview.getByTestId("feature-tree")).toContainText("label ClassLabel0: neg1: pos");
  await screenshot(page, "datasets-import-preview");
  await page.getByRole("button", { name: "Import 3 rows into train" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "e2e/reviews" })).toBeVisible();
  await expect(page.getByTestId("feature-tree")).toContainText("label ClassLabel0: neg1: pos");
  await expect(page.getByTestId("splits")).toContainText("train: 3 rows");
  await page.getByRole("button", { name: "Show train row 0 as JSON" }).click();
  const dialog = page.getByRole("dialog", { name: "train row 0" });
  await expect(dialog).toContainText('"label": 1');
  await expect(dialog).toContainText('"score": 3.0');
  await screenshot(page, "datasets-row-dialog");
  await dialog.getByRole("button", { name: "Close" }).click();

  await page.getByRole("link", { name: "Add rows" }).click();
  await page.getByRole("combobox", { name: "Split" }).fill("test");
  await choose(page, file("more.jsonl", '{"text": "new one", "label": 0, "score": 1.0, "tags": ["a"]}\n{"text": "another", "label": 1, "score": 2.0, "tags": []}\n'));
  await expect(page.getByRole("heading", { name: "Preview: 2 rows from more.jsonl" })).toBeVisible();
  await page.getByRole("button", { name: "Import 2 rows into test" }).click();
  await expect(page.getByTestId("splits")).toContainText("test: 2 rows");
  await expect(page.getByTestId("feature-tree")).toContainText("tags list of string");
  await expect(page.getByTestId("sample-rows")).toContainText("new one");
  await screenshot(page, "datasets-page");
});

test("bad files are refused with their reason, and nothing is stored", async ({ page }) => {
  await signedIn(page, DEMO.contributor);
  await page.goto("/datasets/import");
  await page.getByLabel("Dataset name").fill("e2e/bad");
  const cases: [ReturnType<typeof file>, string][] = [
    [file("bad.jsonl", '{"a": 1}\n{"a": 2,}\n'), "bad.jsonl:2: Expecting property name enclosed in double quotes"],
    [file("ragged.csv", "a,b\n1,2\n3\n"), "ragged.csv row 3: 1 field, but the header has 2 columns"],
    [file("latin1.jsonl", Buffer.from([...Buffer.from('{"t": "caf'), 0xe9, ...Buffer.from('"}\n')])), "latin1.jsonl is not UTF-8 text: byte 10 (line 1) is 0xe9"],
    [file("rows.parquet", "text,label\nhello,1\n"), "rows.parquet is not a Parquet file"],
    [file("object.json", '{"data": [1, 2]}'), 'object.json: expected a JSON array of objects or {"rows": [...]}, found an object with keys "data"'],
    [file("mixed.jsonl", '{"label": 1}\n{"label": "two"}\n'), 'mixed.jsonl:2: column "label" is string here but int64 in earlier rows'],
  ];
  for (const [f, reason] of cases) {
    await choose(page, f);
    await expect(formAlert(page)).toContainText(reason);
    await expect(page.getByRole("button", { name: "Import rows" })).toBeDisabled();
  }
  await screenshot(page, "datasets-import-refused");

  // The server refuses what the preview would have: a label outside the names.
  await choose(page, file("labels.jsonl", '{"label": 0}\n{"label": 5}\n'));
  await page.getByRole("checkbox", { name: /label is a ClassLabel/ }).check();
  await page.getByLabel("Class names for label (one per line, in index order)").fill("no\nyes");
  await expect(formAlert(page)).toContainText("labels.jsonl:2: label is 5, not an index of the 2 class names");

  await page.goto("/datasets");
  await expect(page.getByRole("link", { name: "e2e/bad" })).toHaveCount(0);
});

test("an admin fixes an integer and a text column to ClassLabels after import, checked against the stored rows", async ({ page }) => {
  await signedIn(page, DEMO.admin);
  await page.goto("/datasets/import");
  await page.getByLabel("Dataset name").fill("e2e/ints");
  await choose(page, file("ints.jsonl", '{"q": "a", "answer": 0}\n{"q": "b", "answer": 2}\n'));
  await page.getByRole("button", { name: "Import 2 rows into train" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "e2e/ints" })).toBeVisible();

  const manage = page.getByRole("region", { name: "Manage" });
  await manage.getByLabel("Column", { exact: true }).selectOption("answer");
  await expect(manage.getByTestId("column-summary")).toHaveText("Values in 2 rows: 0, 2.");
  await manage.getByLabel(/Class names/).fill("x\ny");
  await manage.getByRole("button", { name: "Save ClassLabel" }).click();
  await expect(manage.locator(".alert-error")).toContainText("train row 1: answer is 2, not an index of the 2 class names");
  await manage.getByLabel(/Class names/).fill("x\ny\nz");
  await manage.getByRole("button", { name: "Save ClassLabel" }).click();
  await expect(manage.getByRole("status")).toHaveText("answer is now a ClassLabel.");
  await expect(page.getByTestId("feature-tree")).toContainText("answer ClassLabel0: x1: y2: z");

  // A text column fixed to a ClassLabel after import: names from its texts, order edited, rows converted.
  await manage.getByLabel("Column", { exact: true }).selectOption("q");
  await expect(manage.getByLabel(/Class names/)).toHaveValue("a\nb");
  await manage.getByLabel(/Class names/).fill("b");
  await manage.getByRole("button", { name: "Convert to ClassLabel" }).click();
  await expect(manage.locator(".alert-error")).toContainText('train row 0: q "a" is not one of the class names');
  await manage.getByLabel(/Class names/).fill("b\na");
  await manage.getByRole("button", { name: "Convert to ClassLabel" }).click();
  await expect(manage.getByRole("status")).toHaveText("q is now a ClassLabel; its texts were converted to indexes.");
  await expect(page.getByTestId("feature-tree")).toContainText("q ClassLabel0: b1: a");
  await page.getByRole("button", { name: "Show train row 0 as JSON" }).click();
  await expect(page.getByRole("dialog", { name: "train row 0" })).toContainText('"q": 1');
  await page.getByRole("dialog", { name: "train row 0" }).getByRole("button", { name: "Close" }).click();

  await manage.getByRole("combobox", { name: /Task category/ }).fill("Multiple-Choice QA");
  await manage.getByRole("button", { name: "Save task category" }).click();
  await expect(page.getByText("Task: Multiple-Choice QA")).toBeVisible();
  await screenshot(page, "datasets-admin");
});

test.describe("the Hugging Face Hub (a local fake)", () => {
  const PORT = Number(process.env.E2E_PORT_B ?? 3102);
  const dataDir = path.join(ROOT, "tmp", "e2e-hub");
  let hub: FakeHub;
  let server: AppServer | null = null;

  test.beforeAll(async () => {
    // migrate + seed + start under the load of a shared 2-core machine
    test.setTimeout(300_000);
    hub = await startFakeHub({ slowMs: 300 });
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    const env = appEnv({ DATABASE_URL: `file:${path.join(dataDir, "app.db")}`, PROMPTPOOL_DATA_DIR: dataDir, PROMPTPOOL_DEMO: "1", PROMPTPOOL_HUB_URL: hub.url });
    prepareDatabase(env);
    server = await startApp(PORT, env);
  });

  // The second instance's first pages are slow under a loaded machine (seen: > 60 s to the first sign-in).
  test.beforeEach(() => test.setTimeout(180_000));

  test.afterAll(async () => {
    await stopApp(server);
    await hub?.close();
  });

  test("fetches configs, splits, features and rows with progress; unknown datasets are refused", async ({ page }) => {
    const base = server!.url;
    await signedIn(page, DEMO.contributor, base);
    await page.goto(`${base}/datasets/import`);

    await page.getByRole("textbox", { name: "Hub dataset" }).fill("acme/nope");
    await page.getByRole("button", { name: "Look up" }).click();
    await expect(formAlert(page)).toContainText('The Hub has no dataset "acme/nope"');

    await page.getByRole("textbox", { name: "Hub dataset" }).fill("acme/reviews");
    await page.getByRole("button", { name: "Look up" }).click();
    const found = page.getByRole("region", { name: "Hub dataset" });
    await expect(found.getByRole("checkbox", { name: "train (230 rows)" })).toBeChecked();
    await expect(found.getByRole("checkbox", { name: "test (12 rows)" })).toBeChecked();
    await expect(found.getByTestId("feature-tree")).toContainText("label ClassLabel0: negative1: positive");
    // A preview of the first rows (/first-rows) before anything is fetched.
    await expect(found.getByTestId("hub-preview")).toContainText("train review 0: not for me");
    await found.getByLabel(/Rows per split/).fill("150");
    await screenshot(page, "datasets-hub-lookup");
    await found.getByRole("button", { name: "Fetch rows from acme/reviews" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "acme/reviews" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("splits")).toContainText("train: 150 rows");
    await expect(page.getByTestId("splits")).toContainText("test: 12 rows");
    await expect(page.getByText("Rows from the Hugging Face Hub (acme/reviews)")).toBeVisible();
    await page.getByRole("button", { name: "Show train row 2 as JSON" }).click();
    await expect(page.getByRole("dialog", { name: "train row 2" })).toContainText('"score": 2.0');
    await page.getByRole("dialog", { name: "train row 2" }).getByRole("button", { name: "Close" }).click();
    await screenshot(page, "datasets-hub-imported");
    expect(hub.requests.filter((r) => r.startsWith("/rows?")).length).toBe(3);
  });

  test("a busy Hub is retried until it answers", async ({ page }) => {
    const base = server!.url;
    await signedIn(page, DEMO.contributor, base);
    await page.goto(`${base}/datasets/import`);
    await page.getByRole("textbox", { name: "Hub dataset" }).fill("acme/busy");
    await page.getByRole("button", { name: "Look up" }).click();
    const found = page.getByRole("region", { name: "Hub dataset" });
    await expect(found.getByRole("checkbox", { name: "train (230 rows)" })).toBeVisible({ timeout: 30_000 });
    await found.getByRole("checkbox", { name: "train (230 rows)" }).uncheck();
    await found.getByLabel(/Rows per split/).fill("5");
    await found.getByRole("button", { name: "Fetch rows from acme/busy" }).click();
    await expect(page.getByRole("status")).toContainText(/The Hub is busy \(The response is not ready yet/);
    await expect(page.getByRole("heading", { level: 1, name: "acme/busy" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("splits")).toContainText("test: 5 rows");
  });
});
