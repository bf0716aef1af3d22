#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/sqlite/schema.prisma (the source of truth).
// One schema cannot serve both providers (the provider cannot come from env and each generated
// client is bound to one), so the PostgreSQL schema is derived here and a test checks it is current.
//   node scripts/db-generate-schemas.mjs          write the PostgreSQL schema
//   node scripts/db-generate-schemas.mjs --check  exit 1 when the committed file differs
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const sqliteSchemaPath = path.join(root, "prisma/sqlite/schema.prisma");
export const postgresSchemaPath = path.join(root, "prisma/postgres/schema.prisma");

const HEADER =
  "// GENERATED from prisma/sqlite/schema.prisma by scripts/db-generate-schemas.mjs: do not edit.\n";

function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"));
  if (!matches || matches.length !== 1) {
    throw new Error(`db-generate-schemas: expected exactly one ${what} in the SQLite schema, found ${matches?.length ?? 0}`);
  }
  return text.replace(pattern, replacement);
}

/** @param {string} sqliteSchema */
export function renderPostgresSchema(sqliteSchema) {
  let text = sqliteSchema;
  text = replaceOnce(text, /provider\s*=\s*"sqlite"/, 'provider = "postgresql"', 'provider = "sqlite"');
  text = replaceOnce(
    text,
    /output(\s*)=(\s*)"\.\.\/\.\.\/lib\/db\/generated\/sqlite"/,
    'output$1=$2"../../lib/db/generated/postgres"',
    "generator output into lib/db/generated/sqlite",
  );
  return HEADER + text;
}

export function expectedPostgresSchema() {
  return renderPostgresSchema(readFileSync(sqliteSchemaPath, "utf8"));
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const expected = expectedPostgresSchema();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(postgresSchemaPath, "utf8");
    } catch {}
    if (current !== expected) {
      console.error("prisma/postgres/schema.prisma is out of date: run `node scripts/db-generate-schemas.mjs`");
      process.exit(1);
    }
  } else {
    writeFileSync(postgresSchemaPath, expected);
    console.log("wrote prisma/postgres/schema.prisma");
  }
}
