// Domain errors with stable codes. lib/http and the action client map them to responses once;
// anything that is not an AppError is a fault and is logged, never shown.

export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "VALIDATION"
  | "VERSION_CONFLICT"
  | "CONFLICT"
  | "UNAUTHORIZED"
  | "RATE_LIMITED"
  /** A request body over the configured size (PROMPTPOOL_API_MAX_BODY_BYTES). */
  | "PAYLOAD_TOO_LARGE"
  /** A template that does not parse (message gives line and column). */
  | "TEMPLATE_SYNTAX"
  /** A template that hit the engine's step, size, depth or time limit (a runaway template). */
  | "RENDER_LIMIT";

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  VALIDATION: 400,
  VERSION_CONFLICT: 409,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  TEMPLATE_SYNTAX: 422,
  RENDER_LIMIT: 422,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  /** Field-level messages for forms (VALIDATION). */
  readonly fields?: Record<string, string>;
  /** Extra machine-readable facts, e.g. the latest version number on VERSION_CONFLICT. */
  readonly details?: Record<string, unknown>;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fields?: Record<string, string>; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = HTTP_STATUS[code];
    this.fields = options.fields;
    this.details = options.details;
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You are not allowed to do this") => new AppError("FORBIDDEN", message);
export const validationError = (message: string, fields?: Record<string, string>) =>
  new AppError("VALIDATION", message, { fields });
/** Thrown when a save was based on a version that is no longer the latest (someone saved first). */
export const versionConflict = (message: string, details?: Record<string, unknown>) =>
  new AppError("VERSION_CONFLICT", message, { details });
export const conflict = (message: string) => new AppError("CONFLICT", message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Invalid or missing configuration. The message is one line that names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
