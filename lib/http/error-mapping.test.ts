import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { domainErrorOf, faultError, statusOf, validationError } from "./error-mapping";

describe("domainErrorOf", () => {
  it.each([
    [new AppError("NOT_FOUND", "Template not found"), { code: "NOT_FOUND", message: "Template not found" }],
    [new AppError("VERSION_CONFLICT", "Someone saved version 4 first"), { code: "VERSION_CONFLICT", message: "Someone saved version 4 first" }],
    [new AppError("VALIDATION", "bad", { fields: { name: "Required" } }), { code: "VALIDATION", message: "bad", fields: { name: "Required" } }],
  ])("maps %s", (err, expected) => {
    expect(domainErrorOf(err)).toEqual(expected);
  });

  it.each([
    ["a plain Error", new Error("connect ECONNREFUSED 127.0.0.1:5432")],
    ["a Prisma-like error with a code", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    ["an error that only pretends to be a domain error", Object.assign(new Error("secret detail"), { code: "NOT_FOUND" })],
    ["a string", "boom"],
  ])("treats %s as a fault", (_label, err) => {
    expect(domainErrorOf(err)).toBeNull();
  });
});

describe("faultError", () => {
  it("shows only the reference", () => {
    expect(faultError("abc123")).toEqual({ code: "INTERNAL", message: "Something went wrong (ref abc123)" });
  });
});

describe("statusOf", () => {
  it.each([
    ["VALIDATION", 400],
    ["UNAUTHORIZED", 401],
    ["FORBIDDEN", 403],
    ["NOT_FOUND", 404],
    ["VERSION_CONFLICT", 409],
    ["CONFLICT", 409],
    ["RATE_LIMITED", 429],
    ["INTERNAL", 500],
  ] as const)("%s -> %i", (code, status) => {
    expect(statusOf(code)).toBe(status);
  });
});

describe("validationError", () => {
  it("names the first bad field and keeps one message per field", () => {
    const schema = z.object({ email: z.string().email("Enter a valid email"), name: z.string().min(1, "Enter your name") });
    const result = schema.safeParse({ email: "nope", name: "" });
    expect(result.success).toBe(false);
    const err = validationError(result.error!.issues);
    expect(err).toEqual({
      code: "VALIDATION",
      message: "email: Enter a valid email",
      fields: { email: "Enter a valid email", name: "Enter your name" },
    });
  });
});
