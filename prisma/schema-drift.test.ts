import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script without type declarations
import { expectedPostgresSchema, postgresSchemaPath, renderPostgresSchema } from "../scripts/db-generate-schemas.mjs";

const modelBlocks = (schema: string) => schema.slice(schema.indexOf("\nmodel "));

describe("prisma schemas", () => {
  it("prisma/postgres/schema.prisma is generated from the current SQLite schema (run `npm run db:schemas`)", () => {
    expect(readFileSync(postgresSchemaPath, "utf8")).toBe(expectedPostgresSchema());
  });

  it("differs from the SQLite schema only in provider, client output and header", () => {
    const postgres = readFileSync(postgresSchemaPath, "utf8");
    const sqlite = readFileSync(postgresSchemaPath.replace("postgres/schema.prisma", "sqlite/schema.prisma"), "utf8");
    expect(modelBlocks(postgres)).toBe(modelBlocks(sqlite));
    expect(postgres).toContain('provider = "postgresql"');
    expect(postgres).toContain('"../../lib/db/generated/postgres"');
    expect(postgres).not.toContain('"sqlite"');
  });

  it("refuses a source schema it cannot translate", () => {
    expect(() => renderPostgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/provider = "sqlite"/);
  });
});
