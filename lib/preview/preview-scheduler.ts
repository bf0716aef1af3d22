/**
 * Sends the live preview's render requests to the sandboxed worker, one at a time, newest wins.
 * While a request is out, a newer one waits (replacing any older waiting one), so typing never
 * queues stale work. The engine stops runaway templates itself (tight preview limits); if the
 * worker still does not answer within `timeoutMs` it is presumed stuck: the host restarts the
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

export class PreviewScheduler {
  private isReady = false;
  private nextId = 1;
  private inFlight: { id: number; payload: RenderPayload; timer: unknown; started: number } | null = null;
  private waiting: RenderPayload | null = null;

  constructor(
    private readonly host: PreviewHost,
    private readonly onOutcome: (outcome: PreviewOutcome) => void,
    private readonly timeoutMs = 1000,
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
    const timer = this.host.setTimer(() => this.timedOut(id), this.timeoutMs);
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
