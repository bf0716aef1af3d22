import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { needsResource, type Action } from "@/lib/auth/policy";
import { describeError, logger, newRequestId } from "@/lib/log";
import { domainErrorOf, faultError, statusOf, validationError, type PublicError } from "./error-mapping";

/**
 * The one wrapper around every route handler (except next-auth's own). In order: request id,
 * session, policy check (`can`) for the declared action, zod validation of the input (query string
 * for GET/HEAD, JSON body otherwise), the handler, then errors mapped to `{ error: { code, message } }`
 * and one JSON log line. Handlers with a resource-bound action call `authorize()` again once they
 * have loaded the resource.
 */
export interface ApiOptions<S extends z.ZodType | undefined> {
  /** The policy action this endpoint performs; checked before anything else runs. */
  action: Action;
  input?: S;
}

export interface ApiContext<I> {
  req: NextRequest;
  user: SessionUser | null;
  input: I;
  params: Record<string, string | string[] | undefined>;
  requestId: string;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type InputOf<S> = S extends z.ZodType ? z.output<S> : undefined;

export function errorResponse(error: PublicError, requestId: string, status = statusOf(error.code)): Response {
  return Response.json({ error }, { status, headers: { "x-request-id": requestId, "cache-control": "no-store" } });
}

async function readInput(req: NextRequest): Promise<unknown> {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "DELETE") {
    return Object.fromEntries(req.nextUrl.searchParams.entries());
  }
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new SyntaxError("BODY_NOT_JSON");
  }
}

export function withApi<S extends z.ZodType | undefined = undefined>(
  options: ApiOptions<S>,
  handler: (ctx: ApiContext<InputOf<S>>) => Promise<Response | unknown>,
): (req: NextRequest, ctx: RouteContext) => Promise<Response> {
  return async (req, ctx) => {
    const requestId = newRequestId();
    const started = Date.now();
    let user: SessionUser | null = null;
    let status = 500;
    try {
      user = await getSessionUser();
      if (!needsResource(options.action)) authorize(user, options.action);

      let input: unknown = undefined;
      if (options.input) {
        let raw: unknown;
        try {
          raw = await readInput(req);
        } catch {
          status = 400;
          return errorResponse({ code: "VALIDATION", message: "The request body is not valid JSON" }, requestId);
        }
        const parsed = options.input.safeParse(raw);
        if (!parsed.success) {
          status = 400;
          return errorResponse(validationError(parsed.error.issues), requestId);
        }
        input = parsed.data;
      }

      const params = ctx?.params ? await ctx.params : {};
      const result = await handler({ req, user, input: input as InputOf<S>, params, requestId });
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
        return errorResponse(known, requestId);
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
}
