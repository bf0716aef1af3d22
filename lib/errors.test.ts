import { describe, expect, it } from "vitest";
import { AppError, HTTP_STATUS, conflict, isAppError, notFound, validationError, versionConflict } from "./errors";

describe("AppError", () => {
  it.each([
    ["NOT_FOUND", 404],
    ["FORBIDDEN", 403],
    ["VALIDATION", 400],
    ["VERSION_CONFLICT", 409],
    ["CONFLICT", 409],
    ["UNAUTHORIZED", 401],
    ["RATE_LIMITED", 429],
  ] as const)("%s maps to HTTP %i", (code, status) => {
    expect(new AppError(code, "x").status).toBe(status);
    expect(HTTP_STATUS[code]).toBe(status);
  });

  it("carries fields and details, and is recognised by isAppError", () => {
    expect(validationError("Bad", { email: "Enter a valid email" }).fields).toEqual({ email: "Enter a valid email" });
    expect(versionConflict("stale", { latestVersion: 3 })).toMatchObject({ code: "VERSION_CONFLICT", details: { latestVersion: 3 } });
    expect(notFound("Template").message).toBe("Template not found");
    expect(isAppError(conflict("taken"))).toBe(true);
    expect(isAppError(new Error("plain"))).toBe(false);
  });
});
