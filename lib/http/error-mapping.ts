/**
 * One mapping from domain errors (lib/errors.ts codes) to what a caller sees. Route handlers
 * get HTTP JSON `{ error: { code, message } }`, server actions get `{ ok: false, error }`.
 * Any other error is a fault: logged with the request id, shown as "Something went wrong (ref …)",
 * its message never leaves the server.
 */
import { isAppError } from "@/lib/errors";

export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  TEMPLATE_SYNTAX: 422,
  RENDER_LIMIT: 422,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface PublicError {
  code: ErrorCode;
  message: string;
  /** Field-level messages for forms (zod issues by path). */
  fields?: Record<string, string>;
}

/** The public face of a domain error (lib/errors.ts AppError); null for anything else (a fault). */
export function domainErrorOf(err: unknown): PublicError | null {
  if (!isAppError(err)) return null;
  return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
}

export function faultError(requestId: string): PublicError {
  return { code: "INTERNAL", message: `Something went wrong (ref ${requestId})` };
}

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** zod issues -> { "path.to.field": "message" } (first message per field). */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "_";
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

export function validationError(issues: readonly { path: readonly PropertyKey[]; message: string }[]): PublicError {
  const fields = fieldErrorsOf(issues);
  const first = Object.entries(fields)[0];
  const message = first ? (first[0] === "_" ? first[1] : `${first[0]}: ${first[1]}`) : "Invalid input";
  return { code: "VALIDATION", message, fields };
}
