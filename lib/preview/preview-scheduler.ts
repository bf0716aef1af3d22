/**
 * Sends the live preview's render requests to the sandboxed worker, one at a time, newest wins.
 * While a request is out, a newer one waits (replacing any older waiting one), so typing never
 * queues stale work. The engine stops runaway templates itself (tight preview limits); if the
 * worker still does not answer within `timeoutMs` (see watchdogMs) it is presumed stuck: the host restarts the
 * sandbox (which terminates the worker) and the outcome says so. Pure: the host supplies the
 * sandbox and the timers, so the logic is unit-tested without a browser.
 */
import type { RenderRequest, RenderResponse } from "@/lib/render/worker";

export type RenderPayload = Omit<RenderRequest, "id">;

export type PreviewOutcome =
  | { kind: "response"; payload: RenderPayload; response: RenderResponse; ms: number }
  | { kind: "timeout"; payload: RenderPayload; ms: number }
  | { kind: "sandbox-error"; payload: RenderPayload | null; message: string };

export interface PreviewHost {
  /** Posts a request to the sandbox (only called after `ready()`). */
  send(request: RenderRequest): void;
  /** Tears the sandbox down and starts a new one; the host calls `ready()` when it answers. */
  restart(): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  now(): number;
}

/** Time the engine may legitimately spend beyond its per-row limits (messaging, parsing, paint). */
export const WATCHDOG_SLACK_MS = 1000;

/**
 * How long to wait for an answer before presuming the worker stuck: the engine's own time limit
 * applies per template and row, so a request of many rows may rightly take rows × templates × limit;
 * a fixed watchdog would restart a healthy worker rendering a long page of rows.
 */
export function watchdogMs(payload: RenderPayload, defaultRowLimitMs = 1000): number {
  const rows = payload.seeds?.length ?? countRows(payload.rows);
  const perRow = payload.limits?.timeoutMs ?? defaultRowLimitMs;
  return WATCHDOG_SLACK_MS + Math.max(1, rows) * Math.max(1, payload.templates.length) * perRow;
}

function countRows(rowsJson: string): number {
  try {
    const rows: unknown = JSON.parse(rowsJson);
    return Array.isArray(rows) ? rows.length : 1;
  } catch {
    return 1;
  }
}

export class PreviewScheduler {
  private isReady = false;
  private nextId = 1;
  private inFlight: { id: number; payload: RenderPayload; timer: unknown; started: number } | null = null;
  private waiting: RenderPayload | null = null;

  constructor(
    private readonly host: PreviewHost,
    private readonly onOutcome: (outcome: PreviewOutcome) => void,
    private readonly timeoutMs: number | ((payload: RenderPayload) => number) = 1000,
  ) {}

  /** The sandbox is up (first start or after a restart). */
  ready(): void {
    this.isReady = true;
    this.pump();
  }

  request(payload: RenderPayload): void {
    this.waiting = payload;
    this.pump();
  }

  /** A message from the sandbox's worker. Answers to requests no longer awaited are ignored. */
  receive(response: RenderResponse): void {
    const current = this.inFlight;
    if (!current || response.id !== current.id) return;
    this.host.clearTimer(current.timer);
    this.inFlight = null;
    this.onOutcome({ kind: "response", payload: current.payload, response, ms: this.host.now() - current.started });
    this.pump();
  }

  /** The sandbox or its worker failed to start or crashed. */
  sandboxFailed(message: string): void {
    const current = this.inFlight;
    if (current) this.host.clearTimer(current.timer);
    this.inFlight = null;
    this.isReady = false;
    this.onOutcome({ kind: "sandbox-error", payload: current?.payload ?? null, message });
    this.host.restart();
  }

  get busy(): boolean {
    return this.inFlight !== null;
  }

  private pump(): void {
    if (!this.isReady || this.inFlight || !this.waiting) return;
    const payload = this.waiting;
    this.waiting = null;
    const id = this.nextId++;
    const started = this.host.now();
    const ms = typeof this.timeoutMs === "number" ? this.timeoutMs : this.timeoutMs(payload);
    const timer = this.host.setTimer(() => this.timedOut(id), ms);
    this.inFlight = { id, payload, timer, started };
    this.host.send({ id, ...payload });
  }

  private timedOut(id: number): void {
    const current = this.inFlight;
    if (!current || current.id !== id) return;
    this.inFlight = null;
    this.isReady = false;
    this.onOutcome({ kind: "timeout", payload: current.payload, ms: this.host.now() - current.started });
    this.host.restart();
  }
}
