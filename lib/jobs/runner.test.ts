import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { registerJobHandler, unregisterJobHandler } from "./registry";
import { publicJobError, runJob } from "./runner";
import { startJobWorker } from "./worker";
import { planJobFileCleanup } from "./output";
import { MemoryJobStore } from "./testing/memory-store";
import type { JobContext } from "./types";

const root = mkdtempSync(path.join(os.tmpdir(), "promptpool-runner-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const output = { extension: "txt", contentType: "text/plain", fileName: () => "out.txt" };
const enc = (s: string) => new TextEncoder().encode(s);

/** A handler that writes `n` lines, then waits on `gate` (if any) before each further line. */
function lines(n: number, gate?: () => Promise<void>) {
  return async ({ signal, reportProgress, output: out }: JobContext<Record<string, unknown>>) => {
    async function* chunks() {
      for (let i = 0; i < n; i++) {
        if (gate) await gate();
        if (signal.aborted) throw signal.reason;
        reportProgress({ records: i + 1, bytes: (i + 1) * 5 });
        yield enc(`line${i}\n`.slice(0, 5));
      }
    }
    await out!.write(chunks());
    return { lines: n };
  };
}

const params = z.record(z.string(), z.unknown());

describe("runJob", () => {
  let store: MemoryJobStore;
  let dir: string;
  const kinds: string[] = [];
  const kind = (name: string, def: Parameters<typeof registerJobHandler>[1]) => {
    registerJobHandler(name, def);
    kinds.push(name);
    return name;
  };
  beforeEach(() => {
    store = new MemoryJobStore();
    dir = mkdtempSync(path.join(root, "files-"));
  });
  afterEach(() => {
    while (kinds.length) unregisterJobHandler(kinds.pop()!);
  });

  it("records done with the file renamed into place, its size and SHA-256, and the last progress", async () => {
    const k = kind("r_done", { params, output, run: lines(3) });
    const job = store.add(k);
    const claimed = (await store.claimNext([k], "w1"))!;
    expect(await runJob(claimed, { store, workerId: "w1", filesDir: dir })).toBe("done");
    const bytes = readFileSync(path.join(dir, `${job.id}.txt`));
    expect(store.get(job.id)).toMatchObject({
      status: "done",
      progress: { records: 3, bytes: 15 },
      result: { lines: 3, file: { name: "out.txt", contentType: "text/plain", bytes: 15, sha256: createHash("sha256").update(bytes).digest("hex") } },
    });
    expect(readdirSync(dir)).toEqual([`${job.id}.txt`]);
  });

  it("hashes a file the handler wrote itself", async () => {
    const k = kind("r_self", {
      params,
      output,
      async run({ output: out }) {
        const { writeFile } = await import("node:fs/promises");
        await writeFile(out!.path, "abc");
      },
    });
    const job = store.add(k);
    await runJob((await store.claimNext([k], "w"))!, { store, workerId: "w", filesDir: dir });
    expect(store.get(job.id).result.file).toMatchObject({ bytes: 3, sha256: createHash("sha256").update("abc").digest("hex") });
  });

  it.each([
    ["a domain error shows its message", new AppError("NOT_FOUND", "Release r1 not found"), "Release r1 not found"],
    ["an exposed error shows its message", Object.assign(new Error("too large for a zip"), { expose: true }), "too large for a zip"],
    ["a fault shows a reference only", new Error("ECONNRESET at 10.0.0.3"), /^Something went wrong \(ref job [0-9a-f]{8}\)$/],
  ])("failed: %s, and the partial file is removed", async (_name, error, message) => {
    const k = kind("r_fail", {
      params,
      output,
      async run({ output: out }) {
        async function* chunks() {
          yield enc("half");
          throw error;
        }
        await out!.write(chunks());
      },
    });
    const job = store.add(k);
    const logs: string[] = [];
    expect(await runJob((await store.claimNext([k], "w"))!, { store, workerId: "w", filesDir: dir, log: (_l, m) => logs.push(m) })).toBe("failed");
    expect(store.get(job.id).status).toBe("failed");
    expect(store.get(job.id).error).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
    expect(logs).toContain("job failed");
  });

  it("cancel: the flag seen at a heartbeat aborts the signal; cancelled, no file left", async () => {
    const k = kind("r_cancel", { params, output, run: lines(1000, () => new Promise<void>((r) => setTimeout(r, 2))) });
    const job = store.add(k);
    const claimed = (await store.claimNext([k], "w"))!;
    const running = runJob(claimed, { store, workerId: "w", filesDir: dir, heartbeatMs: 10 });
    await until(() => (store.get(job.id).progress.records ?? 0) > 2);
    store.get(job.id).cancelRequested = true;
    expect(await running).toBe("cancelled");
    expect(store.get(job.id).status).toBe("cancelled");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("lost: a job re-queued meanwhile is not recorded by the stale run, and its partial file goes", async () => {
    const k = kind("r_lost", { params, output, run: lines(1000, () => new Promise<void>((r) => setTimeout(r, 2))) });
    const job = store.add(k);
    const running = runJob((await store.claimNext([k], "old"))!, { store, workerId: "old", filesDir: dir, heartbeatMs: 10 });
    await until(() => (store.get(job.id).progress.records ?? 0) > 2);
    await store.recoverStale(new Date(Date.now() + 1000), 5);
    expect(await running).toBe("lost");
    expect(store.get(job.id)).toMatchObject({ status: "queued", lockedBy: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("shutdown: the job goes back to the queue, the attempt uncounted", async () => {
    const k = kind("r_stop", { params, output, run: lines(1000, () => new Promise<void>((r) => setTimeout(r, 2))) });
    const job = store.add(k);
    const shutdown = new AbortController();
    const running = runJob((await store.claimNext([k], "w"))!, { store, workerId: "w", filesDir: dir, shutdown: shutdown.signal });
    await until(() => existsSync(dir) && readdirSync(dir).length > 0);
    shutdown.abort();
    expect(await running).toBe("released");
    expect(store.get(job.id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a kind this process does not know, or bad params, fail with the reason", async () => {
    const unknown = store.add("r_nobody");
    expect(await runJob((await store.claimNext(["r_nobody"], "w"))!, { store, workerId: "w", filesDir: dir })).toBe("failed");
    expect(store.get(unknown.id).error).toBe('This instance cannot run jobs of kind "r_nobody"');
    const k = kind("r_params", { params: z.object({ n: z.number() }), run: async () => ({}) });
    const bad = store.add(k, { n: "x" });
    await runJob((await store.claimNext([k], "w"))!, { store, workerId: "w", filesDir: dir });
    expect(store.get(bad.id).error).toMatch(/^Invalid job parameters: /);
  });

  it("a kind without output gets no file and returns its result", async () => {
    const k = kind("r_plain", { params, run: async ({ output: out }) => ({ hadOutput: out !== null }) });
    const job = store.add(k);
    await runJob((await store.claimNext([k], "w"))!, { store, workerId: "w", filesDir: dir });
    expect(store.get(job.id).result).toEqual({ hadOutput: false });
  });

  it("publicJobError never shows a fault's text", () => {
    expect(publicJobError(new TypeError("secret"), "0123456789")).toBe("Something went wrong (ref job 01234567)");
  });
});

describe("startJobWorker", () => {
  it("runs queued jobs one at a time, oldest first, and stop() releases the running one", async () => {
    const store = new MemoryJobStore();
    const dir = mkdtempSync(path.join(root, "worker-"));
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    registerJobHandler("w_seq", {
      params: z.object({ n: z.number() }),
      async run({ params: p }) {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(p.n);
        running--;
      },
    });
    registerJobHandler("w_block", { params, run: ({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))) });
    try {
      const jobs = [1, 2, 3].map((n) => store.add("w_seq", { n }));
      const done: string[] = [];
      const worker = startJobWorker({ store, workerId: "w", kinds: () => ["w_seq", "w_block"], filesDir: dir, pollMs: 5, onJobDone: (id) => done.push(id) });
      await until(() => done.length === 3);
      expect(order).toEqual([1, 2, 3]);
      expect(maxRunning).toBe(1);
      expect(jobs.map((j) => store.get(j.id).status)).toEqual(["done", "done", "done"]);

      const blocked = store.add("w_block");
      worker.wake();
      await until(() => worker.current() === blocked.id);
      await worker.stop();
      expect(store.get(blocked.id)).toMatchObject({ status: "queued", attempts: 0 });
      expect(worker.current()).toBeNull();
    } finally {
      unregisterJobHandler("w_seq");
      unregisterJobHandler("w_block");
    }
  });

  it("recovers stale jobs of dead instances on its schedule", async () => {
    const store = new MemoryJobStore();
    const job = store.add("w_none");
    Object.assign(store.get(job.id), { status: "running", lockedBy: "dead", attempts: 1, heartbeatAt: new Date(Date.now() - 120_000).toISOString() });
    const worker = startJobWorker({ store, workerId: "w", kinds: () => [], filesDir: root, pollMs: 5, staleMs: 60_000, recoverEveryMs: 10 });
    await until(() => store.get(job.id).status === "queued");
    await worker.stop();
  });
});

describe("planJobFileCleanup", () => {
  const now = Date.parse("2026-11-26T12:00:00Z");
  const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  const hour = 3_600_000;
  const jobs = new Map([
    [id(1), { status: "done", finishedAt: new Date(now - 200 * hour).toISOString(), heartbeatAt: null }],
    [id(2), { status: "done", finishedAt: new Date(now - 2 * hour).toISOString(), heartbeatAt: null }],
    [id(3), { status: "running", finishedAt: null, heartbeatAt: new Date(now - 5_000).toISOString() }],
    [id(4), { status: "running", finishedAt: null, heartbeatAt: new Date(now - 10 * 60_000).toISOString() }],
    [id(5), { status: "failed", finishedAt: new Date(now - hour).toISOString(), heartbeatAt: null }],
  ]);
  const old = now - 3 * hour;
  it.each([
    ["an old finished job's file goes and the job is marked expired", `${id(1)}.zip`, old, true, [id(1)]],
    ["a recent finished job's file stays", `${id(2)}.zip`, old, false, []],
    ["a live run's partial file stays", `${id(3)}.abc.zip.partial`, old, false, []],
    ["a dead run's partial file goes", `${id(4)}.abc.zip.partial`, old, true, []],
    ["a failed job's partial file goes", `${id(5)}.abc.zip.partial`, old, true, []],
    ["a file of a deleted job goes", `${id(9)}.zip`, old, true, []],
    ["a file younger than the grace period stays", `${id(9)}.zip`, now - 1000, false, []],
    ["other files are left alone", "README.txt", old, false, []],
  ])("%s", (_name, name, mtimeMs, removed, expired) => {
    const plan = planJobFileCleanup([{ name, mtimeMs }], jobs, { now, maxAgeMs: 168 * hour, staleMs: 60_000 });
    expect(plan.remove).toEqual(removed ? [name] : []);
    expect(plan.expire).toEqual(expired);
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 2));
  }
}
