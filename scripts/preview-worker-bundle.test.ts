/**
 * public/preview/render-worker.js is committed (a fresh clone builds with `next build` alone) and
 * generated from lib/render: this fails when it no longer matches. Fix: node scripts/build-preview-worker.mjs
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

describe("the preview worker bundle", () => {
  it("is current with lib/render (else run: node scripts/build-preview-worker.mjs)", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/build-preview-worker.mjs"), "--stdout"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    const committed = fs.readFileSync(path.join(ROOT, "public/preview/render-worker.js"), "utf8");
    expect(committed === r.stdout, "public/preview/render-worker.js is stale: run node scripts/build-preview-worker.mjs").toBe(true);
  });

  it("renders when run as a worker script (answers a request through postMessage)", async () => {
    const source = fs.readFileSync(path.join(ROOT, "public/preview/render-worker.js"), "utf8");
    const posted: unknown[] = [];
    // The bundle only installs its handler where WorkerGlobalScope exists; give it a minimal one.
    const scope: Record<string, unknown> = { WorkerGlobalScope: function WorkerGlobalScope() {}, postMessage: (m: unknown) => posted.push(m), onmessage: null };
    new Function("self", "globalThis", `with (globalThis) { ${source} }`)(scope, scope);
    const onmessage = scope.onmessage as (e: { data: unknown }) => void;
    expect(typeof onmessage).toBe("function");
    onmessage({ data: { id: 7, templates: [{ id: "t", name: "t", jinja: "{{ a }} ||| {{ b }}", answerChoices: null }], rows: '[{"a": 3.0, "b": "x"}]' } });
    expect(posted).toEqual([{ id: 7, ok: true, results: [{ templateId: "t", rowIndex: 0, parts: ["3.0", "x"], answerChoices: null, error: null }], engineMs: expect.any(Number) }]);
  });
});
