import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { setExportWorkerFlags, workerScript } from "./worker-pool";

describe("export worker script", () => {
  it("is export-worker.ts and all it imports bundled into one script, made once", () => {
    const script = workerScript();
    // the worker's own code and the renderer's, in one scope: no module is loaded at run time but node's
    expect(script).toContain("parentPort");
    expect(script).toContain("function applyTemplate(");
    expect([...script.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).every((m) => m.startsWith("node:"))).toBe(true);
    expect(workerScript()).toBe(script);
  });
});

/**
 * A new worker that runs a full collection, then keeps about 38 MB of small objects (as a split's
 * rows are kept); resolves to the full collections that took and the heap used after.
 */
function fullCollectionsWhileKeeping(): Promise<{ full: number; usedMb: number }> {
  const worker = new Worker(
    `
    const v8 = require("node:v8");
    v8.setFlagsFromString("--expose_gc");
    const collect = require("node:vm").runInNewContext("gc");
    const { PerformanceObserver, constants } = require("node:perf_hooks");
    collect();
    let full = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++;
    }).observe({ entryTypes: ["gc"] });
    const kept = [];
    for (let i = 0; i < 150000; i++) kept.push({ text: "x".repeat(40) + i });
    setTimeout(() => require("node:worker_threads").parentPort.postMessage({ full, usedMb: v8.getHeapStatistics().used_heap_size / 1e6, kept: kept.length }), 100);
    `,
    { eval: true },
  );
  return new Promise((resolve, reject) => {
    worker.once("message", (m: { full: number; usedMb: number }) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", reject);
  });
}

describe("export worker V8 flags", () => {
  it("let a worker fill its old generation up to the configured size without a full collection", async () => {
    try {
      setExportWorkerFlags();
      setFlagsFromString("--initial-old-space-size=0"); // the heap growth alone
      const growthOnly = await fullCollectionsWhileKeeping();
      setExportWorkerFlags();
      const withOldSpace = await fullCollectionsWhileKeeping();
      expect(growthOnly.usedMb).toBeGreaterThan(30);
      expect(withOldSpace.usedMb).toBeGreaterThan(30);
      expect(growthOnly.full).toBeGreaterThan(0);
      expect(withOldSpace.full).toBe(0);
    } finally {
      setExportWorkerFlags();
    }
  });
});
