import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst up to the limit, then refuses with the seconds until the next request", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const decisions = Array.from({ length: 4 }, () => limiter.take("ip:1", 3));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3].retryAfterSeconds).toBe(20); // 3 per minute: one every 20 s
    now += 19_000;
    expect(limiter.take("ip:1", 3).allowed).toBe(false);
    now += 1_000;
    expect(limiter.take("ip:1", 3)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("keeps one bucket per key", () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take("a", 1).allowed).toBe(true);
    expect(limiter.take("a", 1).allowed).toBe(false);
    expect(limiter.take("b", 1).allowed).toBe(true);
  });

  it("drops refilled buckets when it holds too many keys", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, 3);
    for (const k of ["a", "b", "c"]) limiter.take(k, 60);
    now += 60_000;
    limiter.take("d", 60);
    expect(limiter.size).toBe(1);
  });
});
