import { describe, expect, it } from "vitest";
import { SignInGuard } from "./sign-in-guard";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("SignInGuard", () => {
  it("limits an email after its failures, whatever the address", () => {
    const c = clock();
    const g = new SignInGuard({ now: c.now, maxFailuresPerEmail: 3, maxFailuresPerAddress: 100 });
    for (let i = 0; i < 3; i++) {
      expect(g.isLimited("a@x.test", `10.0.0.${i}`)).toBe(false);
      g.recordFailure("a@x.test", `10.0.0.${i}`);
    }
    expect(g.isLimited("A@X.test ", "10.9.9.9")).toBe(true);
    expect(g.isLimited("b@x.test", "10.9.9.9")).toBe(false);
  });

  it("limits an address that tries many emails", () => {
    const g = new SignInGuard({ maxFailuresPerEmail: 100, maxFailuresPerAddress: 4 });
    for (let i = 0; i < 4; i++) g.recordFailure(`u${i}@x.test`, "10.0.0.1");
    expect(g.isLimited("new@x.test", "10.0.0.1")).toBe(true);
    expect(g.isLimited("new@x.test", "10.0.0.2")).toBe(false);
    expect(g.isLimited("new@x.test", null)).toBe(false);
  });

  it("forgets failures after the window", () => {
    const c = clock();
    const g = new SignInGuard({ now: c.now, maxFailuresPerEmail: 2, windowMs: 60_000 });
    g.recordFailure("a@x.test", null);
    c.advance(30_000);
    g.recordFailure("a@x.test", null);
    expect(g.isLimited("a@x.test", null)).toBe(true);
    c.advance(30_001);
    expect(g.isLimited("a@x.test", null)).toBe(false);
  });

  it("a success clears the email counter", () => {
    const g = new SignInGuard({ maxFailuresPerEmail: 2 });
    g.recordFailure("a@x.test", null);
    g.recordSuccess("a@x.test");
    g.recordFailure("a@x.test", null);
    expect(g.isLimited("a@x.test", null)).toBe(false);
  });

  it("pads a fast attempt up to the minimum duration and leaves slow ones alone", async () => {
    const c = clock();
    const slept: number[] = [];
    const g = new SignInGuard({
      now: c.now,
      minDurationMs: 500,
      sleep: async (ms) => void slept.push(ms),
    });
    const start = c.now();
    c.advance(120);
    await g.padUntilMinimum(start);
    c.advance(1000);
    await g.padUntilMinimum(start);
    expect(slept).toEqual([380]);
  });
});
