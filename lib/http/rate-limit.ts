/**
 * Token-bucket rate limiting for the public API, in memory and per instance: N instances behind
 * a load balancer allow up to N times the configured rate (accepted: the limit protects each
 * instance's CPU, which is what a flood exhausts). A bucket holds `perMinute` requests and refills
 * continuously, so a client may burst up to the limit and then goes at the average rate.
 */
export interface RateDecision {
  allowed: boolean;
  /** whole seconds until one more request is allowed (0 when allowed) */
  retryAfterSeconds: number;
  remaining: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Above this many keys, buckets that have refilled completely are dropped. */
    private readonly maxKeys = 50_000,
  ) {}

  take(key: string, perMinute: number): RateDecision {
    const now = this.now();
    const ratePerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.prune(now, perMinute);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)), remaining: 0 };
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number, perMinute: number): void {
    const ratePerMs = perMinute / 60_000;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * ratePerMs >= perMinute) this.buckets.delete(key);
    }
  }
}
