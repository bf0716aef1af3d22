/**
 * Slows password guessing: every credentials sign-in takes at least `minDurationMs` (so a wrong
 * email and a wrong password look alike), and failed attempts are counted per email and per
 * client address in a sliding window; past the limit the attempt is refused before the password
 * is checked.
 *
 * The counters live in this process's memory: with several app instances each counts on its own
 * (an attacker spreading guesses over N instances gets N times the budget), and a restart resets
 * them. Acceptable for this app's scale; a shared store would be the next step.
 */
export interface SignInGuardOptions {
  maxFailuresPerEmail: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  minDurationMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_GUARD_OPTIONS: SignInGuardOptions = {
  maxFailuresPerEmail: 5,
  maxFailuresPerAddress: 30,
  windowMs: 15 * 60_000,
  minDurationMs: 500,
};

export class SignInGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly opts: Required<SignInGuardOptions>;

  constructor(options: Partial<SignInGuardOptions> = {}) {
    this.opts = {
      ...DEFAULT_GUARD_OPTIONS,
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    } as Required<SignInGuardOptions>;
  }

  private keys(email: string, address: string | null): { key: string; max: number }[] {
    const keys = [{ key: "email:" + email.trim().toLowerCase(), max: this.opts.maxFailuresPerEmail }];
    if (address) keys.push({ key: "addr:" + address, max: this.opts.maxFailuresPerAddress });
    return keys;
  }

  private recent(key: string): number[] {
    const cutoff = this.opts.now() - this.opts.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** True when this email or address has used up its failures in the window. */
  isLimited(email: string, address: string | null): boolean {
    return this.keys(email, address).some(({ key, max }) => this.recent(key).length >= max);
  }

  recordFailure(email: string, address: string | null): void {
    const t = this.opts.now();
    for (const { key } of this.keys(email, address)) this.failures.set(key, [...this.recent(key), t]);
    if (this.failures.size > 50_000) this.prune();
  }

  /** A successful sign-in clears the email's counter (not the address's: one address, many accounts). */
  recordSuccess(email: string): void {
    this.failures.delete("email:" + email.trim().toLowerCase());
  }

  /** Waits until `minDurationMs` have passed since `startedAt`. */
  async padUntilMinimum(startedAt: number): Promise<void> {
    const left = startedAt + this.opts.minDurationMs - this.opts.now();
    if (left > 0) await this.opts.sleep(left);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}
