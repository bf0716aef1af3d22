import { describe, expect, it } from "vitest";
import { workerScript } from "./worker-pool";

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
