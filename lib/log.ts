/**
 * JSON-lines logger. One line per request at the boundary (route wrapper, action client),
 * with request id, user id and action. Never log secrets, tokens, passwords, whole templates or rows:
 * callers pass small structured fields only.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface LogFields {
  requestId?: string;
  userId?: string | null;
  action?: string;
  [key: string]: unknown;
}

type Sink = (line: string, level: LogLevel) => void;

const defaultSink: Sink = (line, level) => {
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
};

let sink: Sink = defaultSink;

/** Tests capture log lines instead of printing them. */
export function setLogSink(next: Sink | null): void {
  sink = next ?? defaultSink;
}

export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  const record = { time: new Date().toISOString(), level, msg: message, ...fields };
  let line: string;
  try {
    line = JSON.stringify(record);
  } catch {
    line = JSON.stringify({ time: record.time, level, msg: message, note: "fields not serializable" });
  }
  sink(line, level);
}

export const logger = {
  debug: (m: string, f?: LogFields) => log("debug", m, f),
  info: (m: string, f?: LogFields) => log("info", m, f),
  warn: (m: string, f?: LogFields) => log("warn", m, f),
  error: (m: string, f?: LogFields) => log("error", m, f),
};

/** Short random id shown to users as "ref …" and written on every log line of the request. */
export function newRequestId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, "").slice(0, 12);
}

/** Error summary safe for logs: class, code and message; stack only for unexpected faults. */
export function describeError(err: unknown, withStack: boolean): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      errorName: err.name,
      ...(typeof code === "string" ? { errorCode: code } : {}),
      errorMessage: err.message,
      ...(withStack && err.stack ? { stack: err.stack.split("\n").slice(0, 8).join("\n") } : {}),
    };
  }
  return { errorMessage: String(err) };
}
