/**
 * `npm run bench:viewer`: the prompted dataset viewer over a whole split of 10,000 rows, in Debian's
 * chromium against the production build (fresh demo database, like the e2e server, on port
 * BENCH_PORT or 3108). An admin uploads 10,000 rows into a "bench" split of pocket_entailment (1 in
 * 10 with a hidden label, -1, which the demo template renders without a target: empty); then the
 * viewer shows does_it_follow on that split. Prints when the first page was painted, when the counts
 * covered the whole split, the counts, and the page's main-thread long tasks (over 50 ms) during the
 * pass: the page must stay responsive while the worker renders. Figures, not a test.
 */
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const port = Number(process.env.BENCH_PORT ?? 3108);
const base = `http://127.0.0.1:${port}`;
const ROWS = 10_000;

async function waitForServer(deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the app did not start");
}

async function main() {
  const server = spawn(process.execPath, [path.join(ROOT, "e2e/serve.mjs"), String(port)], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitForServer(Date.now() + 300_000);
    const browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? "/usr/bin/chromium", args: ["--disable-gpu", "--no-first-run"] });
    const page = await browser.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Email").fill("admin@promptpool.test");
    await page.getByLabel("Password").fill("promptpool-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    // The rows, through the upload route (the page's session cookie goes with the request).
    await page.goto(`${base}/viewer`);
    const datasetId = await page.getByLabel("Dataset").locator("option", { hasText: "pocket_entailment" }).getAttribute("value");
    const jsonl = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ premise: `Row ${i}: a man is carrying a ladder across a wet street.`, hypothesis: "A man is outside.", label: i % 10 === 3 ? -1 : i % 3 })).join("\n");
    const uploaded = await page.evaluate(
      async ({ datasetId, jsonl }) => {
        const form = new FormData();
        form.set("options", JSON.stringify({ datasetId, split: "bench", replace: true }));
        form.set("file", new File([jsonl], "bench.jsonl"));
        const r = await fetch("/datasets/import/file", { method: "POST", body: form });
        return `${r.status} ${(await r.text()).slice(0, 200)}`;
      },
      { datasetId, jsonl },
    );
    if (!uploaded.startsWith("200")) throw new Error(`upload: ${uploaded}`);

    await page.getByLabel("Dataset").selectOption({ label: "pocket_entailment" });
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByLabel("Template").selectOption({ label: "does_it_follow" });
    await page.getByLabel("Split").selectOption("bench");
    // The picker is a GET form (a full page load): long tasks are observed from the next document's start.
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: "longtask", buffered: true });
    });
    const t0 = 0; // navigation start of the viewer's page
    await page.getByRole("button", { name: "Show" }).click();
    const firstPage = await page.waitForFunction(() => document.querySelectorAll('[data-testid="viewer-row"]').length > 0 && performance.now(), null, { timeout: 120_000, polling: "raf" }).then((h) => h.jsonValue() as Promise<number>);
    const whole = await page
      .waitForFunction(() => /^[\d,]+ rows in bench:/.test(document.querySelector('[data-testid="viewer-summary"]')?.textContent ?? "") && performance.now(), null, { timeout: 600_000, polling: 100 })
      .then((h) => h.jsonValue() as Promise<number>);
    const summary = await page.getByTestId("viewer-summary").textContent();
    const long = (await page.evaluate(() => (window as unknown as { __long: number[] }).__long)).sort((a, b) => b - a);
    // The observer sees long tasks at all: a 120 ms busy loop must show up.
    await page.evaluate(() =>
      setTimeout(() => {
        const end = performance.now() + 120;
        while (performance.now() < end);
      }, 0),
    );
    await page.waitForTimeout(200);
    const seen = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.some((d) => d >= 100));
    if (!seen) throw new Error("the long-task observer saw no long task: the figure below would mean nothing");
    await browser.close();
    console.log(`prompted dataset viewer, does_it_follow over ${ROWS.toLocaleString("en")} rows (chunks of 100):`);
    console.log(`  first page painted ${(firstPage - t0).toFixed(0)} ms after navigation start; whole split counted ${((whole - t0) / 1000).toFixed(1)} s after it`);
    console.log(`  ${summary}`);
    console.log(`  main-thread long tasks (> 50 ms) since navigation start (page load included): ${long.length}, longest ${long[0]?.toFixed(0) ?? 0} ms, total ${long.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
