import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { needsResource, type Action } from "@/lib/auth/policy";
import { describeError, logger, newRequestId } from "@/lib/log";
import { domainErrorOf, faultError, validationError, type PublicError } from "./error-mapping";

/**
 * The one way to define a server action. Anyone can call an exported action with any argument,
 * so each call: resolves the session user (from the cookie, never from input), checks the policy
 * action, parses the input with zod, runs the body, and returns a result instead of throwing:
 * `{ ok: true, data }` or `{ ok: false, error: { code, message, fields? } }`. Unexpected faults are
 * logged and become "Something went wrong (ref …)". Bodies acting on a loaded resource call
 * `authorize(user, action, resource)` themselves.
 */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: PublicError };

export interface ActionOptions<S extends z.ZodType> {
  action: Action;
  input: S;
  /** "user" (default): anonymous callers get UNAUTHORIZED before anything runs. */
  auth?: "user" | "public";
}

export interface ActionContext<I> {
  user: SessionUser | null;
  input: I;
  requestId: string;
}

type AuthedContext<I> = ActionContext<I> & { user: SessionUser };

function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    out[key] = typeof value === "string" ? value : null;
  }
  return out;
}

export function defineAction<S extends z.ZodType, T>(
  options: ActionOptions<S> & { auth: "public" },
  body: (ctx: ActionContext<z.output<S>>) => Promise<T>,
): (input: z.input<S> | FormData) => Promise<ActionResult<T>>;
export function defineAction<S extends z.ZodType, T>(
  options: ActionOptions<S> & { auth?: "user" },
  body: (ctx: AuthedContext<z.output<S>>) => Promise<T>,
): (input: z.input<S> | FormData) => Promise<ActionResult<T>>;
export function defineAction<S extends z.ZodType, T>(
  options: ActionOptions<S>,
  body: (ctx: AuthedContext<z.output<S>>) => Promise<T>,
): (input: z.input<S> | FormData) => Promise<ActionResult<T>> {
  return async (rawInput) => {
    const requestId = newRequestId();
    const started = Date.now();
    let user: SessionUser | null = null;
    let outcome = "error";
    try {
      user = await getSessionUser();
      if ((options.auth ?? "user") === "user" && !user) {
        outcome = "UNAUTHORIZED";
        return { ok: false, error: { code: "UNAUTHORIZED", message: "Please sign in first" } };
      }
      if (!needsResource(options.action)) authorize(user, options.action);
      const raw = rawInput instanceof FormData ? formDataToObject(rawInput) : rawInput;
      const parsed = options.input.safeParse(raw);
      if (!parsed.success) {
        outcome = "VALIDATION";
        return { ok: false, error: validationError(parsed.error.issues) };
      }
      const data = await body({ user: user as SessionUser, input: parsed.data, requestId });
      outcome = "ok";
      return { ok: true, data };
    } catch (err) {
      // redirect() and notFound() from next/navigation work by throwing; let them through.
      if (isNavigationSignal(err)) {
        outcome = "redirect";
        throw err;
      }
      const known = domainErrorOf(err);
      if (known) {
        outcome = known.code;
        return { ok: false, error: known };
      }
      logger.error("action failed", { requestId, userId: user?.id ?? null, action: options.action, ...describeError(err, true) });
      return { ok: false, error: faultError(requestId) };
    } finally {
      logger.info("action", { requestId, userId: user?.id ?? null, action: options.action, outcome, ms: Date.now() - started });
    }
  };
}

function isNavigationSignal(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}
