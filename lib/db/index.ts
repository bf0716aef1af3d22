import "server-only";
// lib/db: the only code that imports the Prisma client. Functions take and return plain DTOs and
// throw AppError (lib/errors) for domain failures. Contract: /tmp/team/db-api.md; deviations and
// additions are listed in lib/db/README.md.
export { getDb, getDbProvider, disconnectDb, useDatabaseUrl, describeDatabaseError } from "./client";
export * from "./users";
export * from "./datasets";
export * from "./sample-rows";
export * from "./templates";
export * from "./versions";
export * from "./stats";
export * from "./search";
export * from "./audit";
export * from "./reviews";
export * from "./notifications";
export * from "./settings";
export * from "./health";
export * from "./api-tokens";
export * from "./pool-templates";
export { createAuthAdapter, type PromptPoolAdapterUser } from "./auth-adapter";
export * from "./imports";
export * from "./pool";
export * from "./releases";
export * from "./export-source";
export * from "./export-stream";
export * from "./mixtures";
export * from "./diversity";
export * from "./jobs";
