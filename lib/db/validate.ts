import "server-only";
import type { z } from "zod";
import { validationError } from "../errors";

/** Parses input with a zod schema; failures become AppError VALIDATION with per-field messages. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[issue.path.join(".") || "input"] ??= issue.message;
  throw validationError(result.error.issues[0]?.message ?? "Invalid input", fields);
}
