/**
 * The worker loop each app instance runs: one job at a time (concurrency 1: exports render on the
 * server's event loop). It claims the oldest queued job of a kind it knows, runs it, and repeats;
 * with nothing to do it sleeps `pollMs` (or until `wake()`, which enqueueing in this process
 * calls). Every `recoverEveryMs` it re-queues or fails jobs whose instance died (stale heartbeat),
 * and runs `maintenance` (the file clean-up) every `maintenanceEveryMs`. `stop()` aborts the
 * running job, puts it back in the queue and resolves when the loop has ended. Framework-free.
 */
import type { JobStore } from "./store";
import { runJob, type JobLog, type RunJobResult } from "./runner";

export interface JobWorkerOptions {
  store: JobStore;
  workerId: string;
  /** the kinds this process can run (read at every claim) */
  kinds: () => string[];
  filesDir: string;
  pollMs?: number;
  heartbeatMs?: number;
  /** a running job whose heartbeat is older than this is considered dead; default 60 s */
  staleMs?: number;
  /** claims per job before a dead instance's job is failed instead of re-queued; default 2 */
  maxAttempts?: number;
  recoverEveryMs?: number;
  maintenance?: () => Promise<void>;
  maintenanceEveryMs?: number;
  log?: JobLog;
  /** called after each job (tests) */
  onJobDone?: (jobId: string, result: RunJobResult) => void;
}

export interface JobWorker {
  readonly workerId: string;
  /** claim now instead of after the poll interval */
  wake(): void;
  /** stop claiming; abort and release the running job; resolves when the loop has ended */
  stop(): Promise<void>;
  /** the id of the job being run, if any */
  current(): string | null;
}

export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const pollMs = options.pollMs ?? 1000;
  const staleMs = options.staleMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 2;
  const recoverEveryMs = options.recoverEveryMs ?? Math.max(1000, Math.floor(staleMs / 4));
  const maintenanceEveryMs = options.maintenanceEveryMs ?? 3_600_000;
  const log: JobLog = options.log ?? (() => {});
  const shutdown = new AbortController();
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let currentJob: string | null = null;
  let lastRecover = 0;
  let lastMaintenance = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || shutdown.signal.aborted) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });

  // Consecutive failed claims (database unreachable): the pause grows to 30 s instead of a log line a second.
  let failures = 0;
  const guarded = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (error) {
      log("error", `job worker: ${what} failed`, { workerId: options.workerId, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };

  const loop = async () => {
    while (!shutdown.signal.aborted) {
      const now = Date.now();
      if (now - lastRecover >= recoverEveryMs) {
        lastRecover = now;
        await guarded("stale job recovery", async () => {
          const r = await options.store.recoverStale(new Date(now - staleMs), maxAttempts, Math.round(staleMs / 1000));
          if (r.requeued.length + r.failed.length + r.cancelled.length > 0) log("warn", "job worker: recovered jobs of a stopped instance", { workerId: options.workerId, ...r });
        });
      }
      if (options.maintenance && now - lastMaintenance >= maintenanceEveryMs) {
        lastMaintenance = now;
        await guarded("maintenance", options.maintenance);
      }
      if (shutdown.signal.aborted) break;
      let claimed = false;
      const ok = await guarded("claim", async () => {
        const kinds = options.kinds();
        if (kinds.length === 0) return;
        const job = await options.store.claimNext(kinds, options.workerId);
        if (!job) return;
        claimed = true;
        currentJob = job.id;
        log("info", "job started", { jobId: job.id, kind: job.kind, workerId: options.workerId, attempt: job.attempts });
        const result = await runJob(job, { store: options.store, workerId: options.workerId, filesDir: options.filesDir, heartbeatMs: options.heartbeatMs, shutdown: shutdown.signal, log });
        currentJob = null;
        options.onJobDone?.(job.id, result);
      });
      currentJob = null;
      failures = ok ? 0 : failures + 1;
      if (!claimed) await sleep(failures === 0 ? pollMs : Math.min(30_000, pollMs * 2 ** failures));
    }
  };

  const running = loop();
  return {
    workerId: options.workerId,
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      shutdown.abort();
      wakeUp?.();
      await running;
    },
    current: () => currentJob,
  };
}
