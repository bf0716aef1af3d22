import { describe, expect, it } from "vitest";
import type { RenderRequest } from "@/lib/render/worker";
import { PreviewScheduler, watchdogMs, WATCHDOG_SLACK_MS, type PreviewOutcome, type RenderPayload } from "./preview-scheduler";

/** A host with a manual clock: timers fire only when the test advances time. */
function setup(timeoutMs: number | ((p: RenderPayload) => number) = 1000) {
  let clock = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let timerId = 0;
  const sent: RenderRequest[] = [];
  const outcomes: PreviewOutcome[] = [];
  let restarts = 0;
  const scheduler = new PreviewScheduler(
    {
      send: (r) => sent.push(r),
      restart: () => {
        restarts += 1;
      },
      setTimer: (fn, ms) => {
        timers.set(++timerId, { at: clock + ms, fn });
        return timerId;
      },
      clearTimer: (h) => timers.delete(h as number),
      now: () => clock,
    },
    (o) => outcomes.push(o),
    timeoutMs,
  );
  const advance = (ms: number) => {
    clock += ms;
    for (const [id, t] of [...timers]) {
      if (t.at <= clock) {
        timers.delete(id);
        t.fn();
      }
    }
  };
  return { scheduler, sent, outcomes, advance, restarts: () => restarts };
}

const payload = (jinja: string): RenderPayload => ({ templates: [{ id: "t", name: "t", jinja, answerChoices: null }], rows: "[]" });
const ok = (id: number) => ({ id, ok: true as const, results: [], engineMs: 1 });

describe("PreviewScheduler", () => {
  it("waits for the sandbox, then sends the newest request only", () => {
    const { scheduler, sent } = setup();
    scheduler.request(payload("a"));
    scheduler.request(payload("ab"));
    expect(sent).toEqual([]);
    scheduler.ready();
    expect(sent.map((r) => r.templates[0].jinja)).toEqual(["ab"]);
  });

  it("keeps one request in flight; the newest waiting one follows the answer", () => {
    const { scheduler, sent, outcomes, advance } = setup();
    scheduler.ready();
    scheduler.request(payload("a"));
    scheduler.request(payload("ab"));
    scheduler.request(payload("abc"));
    expect(sent.map((r) => r.templates[0].jinja)).toEqual(["a"]);
    advance(30);
    scheduler.receive(ok(sent[0].id as number));
    expect(outcomes).toEqual([{ kind: "response", payload: payload("a"), response: ok(1), ms: 30 }]);
    expect(sent.map((r) => r.templates[0].jinja)).toEqual(["a", "abc"]);
  });

  it("ignores answers to requests it no longer waits for", () => {
    const { scheduler, outcomes } = setup();
    scheduler.ready();
    scheduler.request(payload("a"));
    scheduler.receive(ok(99));
    expect(outcomes).toEqual([]);
  });

  it("restarts a sandbox that does not answer in time and reports a timeout", () => {
    const { scheduler, sent, outcomes, advance, restarts } = setup(1000);
    scheduler.ready();
    scheduler.request(payload("{% for i in range(10**9) %}{% endfor %}"));
    scheduler.request(payload("fixed"));
    advance(999);
    expect(outcomes).toEqual([]);
    advance(1);
    expect(outcomes).toEqual([{ kind: "timeout", payload: payload("{% for i in range(10**9) %}{% endfor %}"), ms: 1000 }]);
    expect(restarts()).toBe(1);
    // The late answer of the stuck worker is ignored; the waiting request goes to the new sandbox.
    scheduler.receive(ok(sent[0].id as number));
    expect(outcomes).toHaveLength(1);
    expect(sent).toHaveLength(1);
    scheduler.ready();
    expect(sent.map((r) => r.templates[0].jinja)).toEqual(["{% for i in range(10**9) %}{% endfor %}", "fixed"]);
    expect(sent[1].id).not.toBe(sent[0].id);
  });

  it("an answer in time cancels the timeout", () => {
    const { scheduler, outcomes, advance, restarts } = setup(1000);
    scheduler.ready();
    scheduler.request(payload("a"));
    advance(500);
    scheduler.receive(ok(1));
    advance(5000);
    expect(restarts()).toBe(0);
    expect(outcomes.map((o) => o.kind)).toEqual(["response"]);
  });

  it("reports a crashed sandbox and restarts it", () => {
    const { scheduler, outcomes, restarts } = setup();
    scheduler.ready();
    scheduler.request(payload("a"));
    scheduler.sandboxFailed("worker crashed");
    expect(outcomes).toEqual([{ kind: "sandbox-error", payload: payload("a"), message: "worker crashed" }]);
    expect(restarts()).toBe(1);
    expect(scheduler.busy).toBe(false);
  });

  it("scales the watchdog with the rows and templates of each request", () => {
    const small: RenderPayload = { templates: [{ id: "t", name: "t", jinja: "x", answerChoices: null }], rows: "[{},{}]", limits: { timeoutMs: 100 } };
    expect(watchdogMs(small)).toBe(WATCHDOG_SLACK_MS + 2 * 100);
    const big: RenderPayload = { ...small, templates: [small.templates[0], small.templates[0]], rows: "[]", seeds: Array.from({ length: 50 }, (_, i) => i) };
    expect(watchdogMs(big)).toBe(WATCHDOG_SLACK_MS + 50 * 2 * 100);

    const { scheduler, outcomes, advance, restarts } = setup(watchdogMs);
    scheduler.ready();
    scheduler.request(big);
    advance(WATCHDOG_SLACK_MS + 2 * 100 + 1); // a small request would have timed out by now
    expect(restarts()).toBe(0);
    advance(50 * 2 * 100);
    expect(restarts()).toBe(1);
    expect(outcomes.map((o) => o.kind)).toEqual(["timeout"]);
  });
});
