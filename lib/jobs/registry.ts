/**
 * Job kinds: each kind registers its handler once per process (lib/jobs/kinds.ts does it for every
 * kind, so the web routes that enqueue and the worker that runs see the same set). Framework-free.
 */
import { z } from "zod";
import type { JobKindDefinition } from "./types";

// Kept on globalThis: Next may load this module more than once (route bundles, instrumentation).
const store = globalThis as typeof globalThis & { __promptpoolJobKinds?: Map<string, JobKindDefinition<unknown>> };
const kinds = (store.__promptpoolJobKinds ??= new Map());

export const jobKindSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "a job kind is lower case letters, digits and _");

/**
 * Registers (or replaces) the handler of a kind. A bare function is a kind without declared params
 * (any JSON object) and without an output file.
 */
export function registerJobHandler<P>(kind: string, definition: JobKindDefinition<P> | JobKindDefinition<P>["run"]): void {
  jobKindSchema.parse(kind);
  const def: JobKindDefinition<P> =
    typeof definition === "function" ? { params: z.record(z.string(), z.unknown()) as unknown as z.ZodType<P>, run: definition } : definition;
  kinds.set(kind, def as JobKindDefinition<unknown>);
}

export function getJobKind(kind: string): JobKindDefinition<unknown> | undefined {
  return kinds.get(kind);
}

export function registeredJobKinds(): string[] {
  return [...kinds.keys()].sort();
}

/** Tests: forget a kind. */
export function unregisterJobHandler(kind: string): void {
  kinds.delete(kind);
}
