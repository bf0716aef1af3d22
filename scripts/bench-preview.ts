/**
 * `npm run bench:preview`: keystroke-to-painted-preview latency of the studio, measured in Debian's
 * chromium against the production build (fresh demo database, like the e2e server, on port
 * BENCH_PORT or 3107). Types 40 characters of plain text into Monaco on a new template (each one
 * changes every preview row), 150 ms apart; for each, the time from the keydown event to the
 * animation frame after the preview's DOM changed, and the engine's own time in the worker. Prints p50 / p95 / max and the JavaScript the
 * page loaded. Figures, not a test: the machine's load changes them.
 */
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const port = Number(process.env.BENCH_PORT ?? 3107);
const base = `http://127.0.0.1:${port}`;
const TEXT = "The quick brown fox jumps over the dog. ";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

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
    await page.getByLabel("Email").fill("contributor@promptpool.test");
    await page.getByLabel("Password").fill("promptpool-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.goto(`${base}/datasets`);
    await page.locator(".dataset-card h3 a", { hasText: "pocket_entailment" }).click();
    const newTemplateUrl = await page.getByRole("link", { name: "New template" }).getAttribute("href");
    // Twice: the first visit also compiles the page's server code; the second is what a user sees.
    await page.goto(`${base}${newTemplateUrl}`);
    await page.getByRole("region", { name: "Template", exact: true }).locator(".view-lines").waitFor({ timeout: 60_000 });
    await page.goto(`${base}${newTemplateUrl}`);
    const editor = page.getByRole("region", { name: "Template", exact: true });
    // In the page's own clock (0 = navigation start): the editor takes keystrokes, the preview sandbox is up.
    const editorReadyMs = await page.waitForFunction(() => document.querySelector('[role="region"][aria-label="Template"] .view-lines') && performance.now(), null, { timeout: 60_000, polling: "raf" }).then((h) => h.jsonValue() as Promise<number>);
    const previewReadyMs = await page.waitForFunction(() => /Rendered \d+ row/.test(document.querySelector('[data-testid="preview-status"]')?.textContent ?? "") && performance.now(), null, { timeout: 60_000, polling: "raf" }).then((h) => h.jsonValue() as Promise<number>);
    const js = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((e) => /\.js(\?|$)/.test(e.name))
        .reduce((sum, e) => ({ encoded: sum.encoded + (e as PerformanceResourceTiming).encodedBodySize, decoded: sum.decoded + (e as PerformanceResourceTiming).decodedBodySize }), { encoded: 0, decoded: 0 }),
    );
    await editor.locator(".view-lines").click();
    await page.keyboard.type("{{premise}} ");
    await page.getByTestId("preview-input").first().waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __lat: number[]; __t: number | null };
      w.__lat = [];
      w.__t = null;
      window.addEventListener("keydown", () => (w.__t = performance.now()), true);
      new MutationObserver(() => {
        const t = w.__t;
        if (t === null) return;
        w.__t = null;
        requestAnimationFrame(() => w.__lat.push(performance.now() - t));
      }).observe(document.querySelector('[data-testid="preview-examples"]')!.parentElement!, { subtree: true, childList: true, characterData: true });
    });
    // The worker's own time per render (rows read + rendered), as the status line reports it.
    const engine: number[] = [];
    for (const ch of TEXT) {
      await page.keyboard.type(ch);
      await page.waitForTimeout(150);
      const status = (await page.getByTestId("preview-status").textContent()) ?? "";
      const m = /\(engine (\d+(?:\.\d+)?) ms\)/.exec(status);
      if (m) engine.push(Number(m[1]));
    }
    engine.sort((a, b) => a - b);
    const lat = (await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat)).sort((a, b) => a - b);
    const rows = await page.getByTestId("preview-example").count();
    await browser.close();
    console.log(`studio preview, ${rows} rows, ${lat.length}/${TEXT.length} keystrokes measured (keydown -> frame after the preview changed):`);
    console.log(`  p50 ${percentile(lat, 50).toFixed(1)} ms, p95 ${percentile(lat, 95).toFixed(1)} ms, max ${lat[lat.length - 1].toFixed(1)} ms`);
    console.log(`  engine time per keystroke (in the worker): p50 ${percentile(engine, 50).toFixed(1)} ms, p95 ${percentile(engine, 95).toFixed(1)} ms, max ${engine[engine.length - 1].toFixed(1)} ms`);
    console.log(`  editor ready ${editorReadyMs.toFixed(0)} ms after navigation start, first preview painted at ${previewReadyMs.toFixed(0)} ms`);
    console.log(`  JavaScript loaded: ${(js.decoded / 1024).toFixed(0)} KB (${(js.encoded / 1024).toFixed(0)} KB as served), workers included`);
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
