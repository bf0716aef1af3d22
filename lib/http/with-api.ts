import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { resolveApiCaller, type ApiAuth, type ApiCaller, type ApiUser } from "@/lib/auth/api-caller";
import { authorize } from "@/lib/auth/authorize";
import { needsResource, type Action } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { describeError, logger, newRequestId } from "@/lib/log";
import { domainErrorOf, faultError, statusOf, validationError, type PublicError } from "./error-mapping";
import { RateLimiter } from "./rate-limit";

/**
 * The one wrapper around every route handler (except next-auth's own). In order: request id,
 * caller (token, session or anonymous, as `auth` allows), rate limit (anonymous callers per
 * address, tokens per token), the token's scope, policy check (`can`) for the declared action,
 * zod validation of the input (query string for GET/HEAD/DELETE, JSON body of at most
 * PROMPTPOOL_API_MAX_BODY_BYTES otherwise), the handler, then errors mapped to
 * `{ error: { code, message } }` and one JSON log line. Handlers with a resource-bound action call
 * `authorize()` again once they have loaded the resource.
 */
export interface ApiOptions<S extends z.ZodType | undefined> {
  /** The policy action this endpoint performs; checked before anything else runs. */
  action: Action;
  input?: S;
  /**
   * Who may call: "public" (default; anonymous, session or token, the policy decides),
   * "session-or-token" (anonymous gets 401), "token" (a personal access token only).
   */
  auth?: ApiAuth;
  /** The token scope the endpoint needs (default "read"); sessions are not scoped. */
  scope?: "read" | "write";
  /** false for endpoints machines poll (health checks); default true. */
  rateLimit?: boolean;
}

export interface ApiContext<I> {
  req: NextRequest;
  user: ApiUser | null;
  caller: ApiCaller["kind"];
  input: I;
  /** The request body as received (non-GET requests with an input schema), for handlers that re-read it. */
  rawBody: string | null;
  params: Record<string, string | string[] | undefined>;
  requestId: string;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type InputOf<S> = S extends z.ZodType ? z.output<S> : undefined;

const limiter = new RateLimiter();

export function errorResponse(error: PublicError, requestId: string, status = statusOf(error.code), headers: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { "x-request-id": requestId, "cache-control": "no-store", ...headers } });
}

/** The client's address as the nearest proxy (or Next itself) reports it; the sign-in guard uses the same. */
function clientAddress(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "unknown";
}

function checkRate(key: string, perMinute: number): void {
  const decision = limiter.take(key, perMinute);
  if (!decision.allowed) {
    throw new AppError("RATE_LIMITED", `Too many requests; retry in ${decision.retryAfterSeconds} s`, { details: { retryAfterSeconds: decision.retryAfterSeconds } });
  }
}

/** The body as text, refusing more than `max` bytes whatever Content-Length claims. */
async function readBody(req: Request, max: number): Promise<string> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${max} bytes`);
  if (Number(req.headers.get("content-length") ?? 0) > max) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function withApi<S extends z.ZodType | undefined = undefined>(
  options: ApiOptions<S>,
  handler: (ctx: ApiContext<InputOf<S>>) => Promise<Response | unknown>,
): ((req: NextRequest, ctx: RouteContext) => Promise<Response>) & { apiOptions: ApiOptions<S> } {
  const route = async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    const requestId = newRequestId();
    const started = Date.now();
    let user: ApiUser | null = null;
    let status = 500;
    try {
      const env = getEnv();
      let caller: ApiCaller;
      try {
        caller = await resolveApiCaller(req.headers, options.auth ?? "public");
      } catch (err) {
        // Guessing tokens costs the guesser's address its budget too.
        if (options.rateLimit !== false) checkRate(`ip:${clientAddress(req)}`, env.PROMPTPOOL_API_RATE_ANONYMOUS);
        throw err;
      }
      user = caller.user;
      if (options.rateLimit !== false) {
        if (caller.kind === "token") checkRate(`token:${caller.tokenId}`, env.PROMPTPOOL_API_RATE_TOKEN);
        else if (caller.kind === "anonymous") checkRate(`ip:${clientAddress(req)}`, env.PROMPTPOOL_API_RATE_ANONYMOUS);
      }
      if (options.scope === "write" && user?.tokenScope === "read") throw new AppError("FORBIDDEN", "This token is read-only; create a token with the write scope");
      if (!needsResource(options.action)) authorize(user, options.action);

      let input: unknown = undefined;
      let rawBody: string | null = null;
      if (options.input) {
        let raw: unknown;
        if (req.method === "GET" || req.method === "HEAD" || req.method === "DELETE") {
          raw = Object.fromEntries(req.nextUrl.searchParams.entries());
        } else {
          rawBody = await readBody(req, env.PROMPTPOOL_API_MAX_BODY_BYTES);
          try {
            raw = rawBody.trim() ? JSON.parse(rawBody) : {};
          } catch {
            status = 400;
            return errorResponse({ code: "VALIDATION", message: "The request body is not valid JSON" }, requestId);
          }
        }
        const parsed = options.input.safeParse(raw);
        if (!parsed.success) {
          status = 400;
          return errorResponse(validationError(parsed.error.issues), requestId);
        }
        input = parsed.data;
      }

      const params = ctx?.params ? await ctx.params : {};
      const result = await handler({ req, user, caller: caller.kind, input: input as InputOf<S>, rawBody, params, requestId });
      const response =
        result instanceof Response
          ? result
          : Response.json(result ?? null, { headers: { "cache-control": "no-store" } });
      response.headers.set("x-request-id", requestId);
      status = response.status;
      return response;
    } catch (err) {
      const known = domainErrorOf(err);
      if (known) {
        status = statusOf(known.code);
        const retry = err instanceof AppError && typeof err.details?.retryAfterSeconds === "number" ? err.details.retryAfterSeconds : null;
        return errorResponse(known, requestId, status, retry === null ? {} : { "retry-after": String(retry) });
      }
      status = 500;
      logger.error("request failed", { requestId, userId: user?.id ?? null, action: options.action, ...describeError(err, true) });
      return errorResponse(faultError(requestId), requestId);
    } finally {
      logger.info("request", {
        requestId,
        userId: user?.id ?? null,
        action: options.action,
        method: req.method,
        path: req.nextUrl?.pathname,
        status,
        ms: Date.now() - started,
      });
    }
  };
  // Kept on the handler so tests can compare the OpenAPI document with what the route enforces.
  return Object.assign(route, { apiOptions: options });
}
